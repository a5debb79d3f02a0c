"use client";

import { useId, useState, useTransition } from "react";
import {
  removeMemberAction,
  saveMemberAction,
  setProjectLifecycleAction,
} from "@/app/(app)/admin/projects/membership-actions";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import { Field } from "@/components/forms/field";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import styles from "./membership.module.css";

type Access = "members" | "everyone";
type ProjectRole = "labeler" | "reviewer";
export type Member = {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  userRole: string;
  active: boolean;
};
type Project = { id: string; name: string; access: Access };

const failure = (result: { formError?: string | null; fieldErrors?: Record<string, string> }, fallback: string) =>
  result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? fallback;

/**
 * The project's members: each with their project role, changed in place, and a Remove that asks
 * first; the form to add someone below. `candidates` are the accounts not yet on the list, offered
 * as the email field's suggestions.
 */
export function ProjectMembers({
  project,
  members,
  candidates,
}: {
  project: Project;
  members: Member[];
  candidates: Array<{ email: string; name: string }>;
}) {
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="stack">
      {project.access === "everyone" && (
        <p className="alert alert-info">
          This project is open to everyone: every labeler may label it and every reviewer review it, whether they are on
          this list or not. The list applies again when the project is members only.
        </p>
      )}
      <FormSuccess message={notice} />
      {members.length === 0 ? (
        <p className="muted">
          No members yet. {project.access === "members" ? "Until you add someone, only admins see this project." : null}
        </p>
      ) : (
        <ul className={styles.members} aria-label="Members">
          {members.map((member) => (
            // Keyed on the saved role, so the select follows a change made elsewhere.
            <MemberRow key={`${member.userId}-${member.role}`} project={project} member={member} onNotice={setNotice} />
          ))}
        </ul>
      )}
      <AddMemberForm projectId={project.id} candidates={candidates} onNotice={setNotice} />
    </div>
  );
}

/** What the project role gives this person, when their own role caps it (lib/projects/access.ts). */
function capNote(member: Member): string | null {
  if (member.userRole === "admin") return "admin: sees and does everything anyway";
  if (member.role === "reviewer" && member.userRole === "labeler") return "labels only: their account is a labeler";
  return null;
}

function MemberRow({
  project,
  member,
  onNotice,
}: {
  project: Project;
  member: Member;
  onNotice: (message: string | null) => void;
}) {
  const [role, setRole] = useState<ProjectRole>(member.role);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const note = capNote(member);

  function changeRole(next: ProjectRole) {
    setRole(next);
    setError(null);
    onNotice(null);
    startTransition(async () => {
      const result = await saveMemberAction(project.id, { email: member.email, role: next });
      if (!result.ok) {
        setRole(member.role);
        setError(failure(result, "Could not change the role"));
      } else onNotice(`${member.name} is now a ${next} in this project.`);
    });
  }

  function remove() {
    setError(null);
    startTransition(async () => {
      const result = await removeMemberAction(project.id, member.userId);
      if (!result.ok) {
        setError(failure(result, "Could not remove them"));
        return;
      }
      const released = result.data.releasedTasks;
      setAsking(false);
      onNotice(
        `${member.name} was removed.${
          released > 0 ? ` ${released} task${released === 1 ? "" : "s"} they held went back to the pool.` : ""
        }`,
      );
    });
  }

  return (
    <li className={styles.member}>
      <div className={styles.who}>
        <span className={styles.name}>
          {member.name} {!member.active && <span className="badge badge-danger">inactive</span>}
        </span>
        <span className="small muted">{member.email}</span>
        {note && <span className="small muted">{note}</span>}
      </div>
      <div className={styles.memberControls}>
        <select
          aria-label={`Project role of ${member.name}`}
          value={role}
          disabled={pending}
          onChange={(e) => changeRole(e.target.value as ProjectRole)}
        >
          <option value="labeler">labeler</option>
          <option value="reviewer">reviewer</option>
        </select>
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => {
            onNotice(null);
            setAsking(true);
          }}
          disabled={pending}
        >
          Remove
        </button>
      </div>
      {!asking && error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        title={`Remove ${member.name} from ${project.name}?`}
        confirmLabel="Remove from project"
        pending={pending}
        error={error}
        onConfirm={remove}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
      >
        <p>
          {member.name} ({member.email}){" "}
          {project.access === "members"
            ? "no longer sees this project or anything in it."
            : "leaves the list; while the project is open to everyone they still work on it by their own role."}
        </p>
        {project.access === "members" && (
          <p>
            Tasks they hold here go back to the pool for others to claim. Their drafts are kept, and the responses they
            submitted stay, in review and in export.
          </p>
        )}
      </ConfirmDialog>
    </li>
  );
}

function AddMemberForm({
  projectId,
  candidates,
  onNotice,
}: {
  projectId: string;
  candidates: Array<{ email: string; name: string }>;
  onNotice: (message: string | null) => void;
}) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ProjectRole>("labeler");
  const [errors, setErrors] = useState<{ email?: string; form?: string | null }>({});
  const [pending, startTransition] = useTransition();

  return (
    <form
      className={`card stack ${styles.addForm}`}
      aria-labelledby={`${id}-heading`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setErrors({});
        onNotice(null);
        startTransition(async () => {
          const result = await saveMemberAction(projectId, { email, role });
          if (!result.ok) {
            setErrors({ email: result.fieldErrors.email, form: result.fieldErrors.email ? null : result.formError });
            return;
          }
          setEmail("");
          onNotice(
            result.data.created
              ? `${result.data.name} was added as a ${role}.`
              : `${result.data.name} was a member already; their role is now ${role}.`,
          );
        });
      }}
    >
      <h3 id={`${id}-heading`}>Add a member</h3>
      <div className={styles.addFields}>
        <Field
          id={`${id}-email`}
          label="Email"
          hint="The email of an existing account."
          error={errors.email}
          className={styles.emailField}
        >
          {(control) => (
            <input
              type="email"
              autoComplete="off"
              spellCheck={false}
              list={`${id}-accounts`}
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                if (errors.email) setErrors({});
              }}
              {...control}
            />
          )}
        </Field>
        <Field id={`${id}-role`} label="Project role">
          {(control) => (
            <select value={role} onChange={(e) => setRole(e.target.value as ProjectRole)} {...control}>
              <option value="labeler">labeler</option>
              <option value="reviewer">reviewer</option>
            </select>
          )}
        </Field>
        <button type="submit" className={`button button-primary ${styles.addButton}`} disabled={pending}>
          Add member
        </button>
      </div>
      <datalist id={`${id}-accounts`}>
        {candidates.map((c) => (
          <option key={c.email} value={c.email}>
            {c.name}
          </option>
        ))}
      </datalist>
      <FormError message={errors.form} />
      <p className="small muted">
        A reviewer in the project labels and reviews; a labeler only labels. Nobody does more than their account&apos;s
        role allows.
      </p>
    </form>
  );
}

/**
 * Members only, or everyone by their role. Opening the project asks first (everyone with the role
 * sees it at once); closing it saves at once: nobody gains anything.
 */
export function ProjectAccessSwitch({ project, memberCount }: { project: Project; memberCount: number }) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const shown: Access = asking ? "everyone" : project.access;

  function save(access: Access) {
    setError(null);
    setSaved(null);
    startTransition(async () => {
      const result = await setProjectLifecycleAction(project.id, { access });
      if (!result.ok) {
        setError(failure(result, "Could not change who sees the project"));
        return;
      }
      setAsking(false);
      setSaved(access === "everyone" ? "Open to everyone now." : "Members only now.");
    });
  }

  return (
    <fieldset className={styles.access} aria-describedby={`${id}-hint`}>
      <legend>Who sees this project</legend>
      <div className={styles.accessOptions}>
        <label className={styles.choice}>
          <input
            type="radio"
            name={`${id}-access`}
            value="members"
            checked={shown === "members"}
            disabled={pending}
            onChange={() => save("members")}
          />
          <span>
            Members only
            <span className="field-hint">
              {" "}
              — the people listed below, and admins; to anyone else it does not exist.
            </span>
          </span>
        </label>
        <label className={styles.choice}>
          <input
            type="radio"
            name={`${id}-access`}
            value="everyone"
            checked={shown === "everyone"}
            disabled={pending}
            onChange={() => {
              setSaved(null);
              setAsking(true);
            }}
          />
          <span>
            Everyone
            <span className="field-hint"> — every user, by their own role.</span>
          </span>
        </label>
      </div>
      <p id={`${id}-hint`} className="visually-hidden">
        Changing this saves at once.
      </p>
      <div role="status" className="small">
        {saved && <span className="alert alert-ok">{saved}</span>}
        {!asking && error && <span className="field-error">{error}</span>}
      </div>
      <ConfirmDialog
        open={asking}
        title={`Open ${project.name} to everyone?`}
        confirmLabel="Open to everyone"
        pending={pending}
        error={error}
        onConfirm={() => save("everyone")}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
      >
        <p>
          Every labeler will see this project and may claim its prompts; every reviewer may review it, its guidelines
          and its responses included. The member list{memberCount > 0 ? ` (${memberCount})` : ""} stops limiting who
          sees it.
        </p>
        <p>You can make it members only again at any time.</p>
      </ConfirmDialog>
    </fieldset>
  );
}
