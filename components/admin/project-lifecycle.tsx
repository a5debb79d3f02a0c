"use client";

import { useId, useState, useTransition } from "react";
import { deleteProjectAction, setProjectLifecycleAction } from "@/app/(app)/admin/projects/membership-actions";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import styles from "./membership.module.css";

type Status = "active" | "paused" | "archived";
type Project = { id: string; slug: string; name: string; status: Status };
type Counts = { prompts: number; responses: number };

const STATUS_WORDS: Record<Status, string> = {
  active: "Labelers claim its prompts and reviewers review as usual.",
  paused: "No new work is handed out. Tasks already held can still be saved and submitted, and review goes on.",
  archived: "Read-only: nothing can be written, reviewed or changed, and project lists leave it out.",
};

/** A project's status as a badge: nothing for an active one (the usual case says nothing). */
export function ProjectStatusBadge({ status }: { status: Status }) {
  if (status === "active") return null;
  return <span className={`badge ${status === "paused" ? "badge-warn" : ""}`}>{status}</span>;
}

type Step = { kind: "status"; to: Status } | { kind: "delete" };

/** Pause or resume, archive or unarchive, delete: each asks first and says what it does. */
export function ProjectLifecycle({ project, counts }: { project: Project; counts: Counts }) {
  const id = useId();
  const [step, setStep] = useState<Step | null>(null);
  const [typed, setTyped] = useState("");
  // Responses may arrive after the page loaded: the server's refusal switches to the typed confirmation.
  const [mustType, setMustType] = useState(counts.responses > 0);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function open(next: Step) {
    setError(null);
    setTyped("");
    setStep(next);
  }

  function run() {
    if (!step) return;
    setError(null);
    startTransition(async () => {
      if (step.kind === "delete") {
        // On success the action redirects to the project list.
        const result = await deleteProjectAction(project.id, mustType ? typed.trim() : undefined);
        if (result && !result.ok) {
          setError(result.formError ?? "Could not delete the project");
          setMustType(true);
        }
        return;
      }
      const result = await setProjectLifecycleAction(project.id, { status: step.to });
      if (!result.ok) setError(result.formError ?? Object.values(result.fieldErrors)[0] ?? "Could not save");
      else setStep(null);
    });
  }

  const dialog = step ? describe(step, project, counts) : null;
  const slugMatches = typed.trim() === project.slug;

  return (
    <div className="stack">
      <p className={styles.status}>
        <strong>
          Status: <span className={styles.statusValue}>{project.status}</span>
        </strong>
        <span className="muted"> — {STATUS_WORDS[project.status]}</span>
      </p>
      <div className="row">
        {project.status === "active" && (
          <button type="button" className="button" onClick={() => open({ kind: "status", to: "paused" })}>
            Pause…
          </button>
        )}
        {project.status === "paused" && (
          <button type="button" className="button" onClick={() => open({ kind: "status", to: "active" })}>
            Resume…
          </button>
        )}
        {project.status === "archived" ? (
          <button type="button" className="button" onClick={() => open({ kind: "status", to: "active" })}>
            Unarchive…
          </button>
        ) : (
          <button type="button" className="button" onClick={() => open({ kind: "status", to: "archived" })}>
            Archive…
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button button-danger" onClick={() => open({ kind: "delete" })}>
          Delete project…
        </button>
      </div>
      {dialog && (
        <ConfirmDialog
          open
          title={dialog.title}
          confirmLabel={dialog.confirmLabel}
          danger={dialog.danger}
          pending={pending || (step?.kind === "delete" && mustType && !slugMatches)}
          error={error}
          onConfirm={run}
          onCancel={() => setStep(null)}
        >
          {dialog.body}
          {step?.kind === "delete" && mustType && (
            <div className="field">
              <label htmlFor={`${id}-confirm`}>
                Type <code>{project.slug}</code> to confirm
              </label>
              <input
                id={`${id}-confirm`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </div>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

const plural = (n: number, one: string) => `${n.toLocaleString("en")} ${one}${n === 1 ? "" : "s"}`;

function describe(step: Step, project: Project, counts: Counts) {
  if (step.kind === "delete") {
    return {
      title: `Delete ${project.name}?`,
      confirmLabel: "Delete for good",
      danger: true,
      body: (
        <>
          <p>
            Its {plural(counts.prompts, "prompt")}, guidelines and settings are deleted
            {counts.responses > 0
              ? `, with ${plural(counts.responses, "response")} and ${counts.responses === 1 ? "its" : "their"} reviews. They cannot come back: export first what is needed.`
              : ". Nobody has answered it yet."}
          </p>
          <p>This cannot be undone. The audit log keeps a line saying it was deleted.</p>
        </>
      ),
    };
  }
  if (step.to === "paused") {
    return {
      title: `Pause ${project.name}?`,
      confirmLabel: "Pause",
      danger: false,
      body: (
        <>
          <p>Labelers get no new prompts from it until you resume it.</p>
          <p>Whoever holds a task can still save and submit it, and reviewers go on reviewing. Nothing is lost.</p>
        </>
      ),
    };
  }
  if (step.to === "archived") {
    return {
      title: `Archive ${project.name}?`,
      confirmLabel: "Archive",
      danger: true,
      body: (
        <>
          <p>
            It becomes read-only: no claims, saves, submits or review decisions, and no changes to its settings,
            guidelines or prompts. Tasks still held cannot be submitted; their drafts stay.
          </p>
          <p>
            It leaves the project lists (here it is under “Archived”). Export still works, and Unarchive brings it back
            as it was.
          </p>
        </>
      ),
    };
  }
  return project.status === "archived"
    ? {
        title: `Unarchive ${project.name}?`,
        confirmLabel: "Unarchive",
        danger: false,
        body: <p>It becomes active again: it is back in the lists, and labelers may claim its prompts.</p>,
      }
    : {
        title: `Resume ${project.name}?`,
        confirmLabel: "Resume",
        danger: false,
        body: <p>Labelers may claim its prompts again.</p>,
      };
}
