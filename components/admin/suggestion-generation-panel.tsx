"use client";

import { useEffect, useState } from "react";
import styles from "./suggestion-generation.module.css";

/** GET /api/v1/projects/{id}/suggestions/generate, as JSON (dates as strings). */
type Progress = {
  id: string | null;
  state: "none" | "running" | "finished" | "cancelled" | "failed";
  total: number;
  done: number;
  failed: number;
  pending: number;
  waiting: number;
  startedAt: string | null;
  startedBy: { id: string; name: string } | null;
  finishedAt: string | null;
  reason: string | null;
};

const STATE_WORDS: Record<Progress["state"], string> = {
  none: "Never run",
  running: "Running",
  finished: "Finished",
  cancelled: "Cancelled",
  failed: "Stopped",
};

const REASONS: Record<string, string> = {
  connection_deleted: "the model connection was removed",
  api_key_unreadable: "the connection's API key cannot be read; enter it again",
  queue_unavailable: "the job queue could not be reached",
};

const POLL_MS = 2000;

export function SuggestionGenerationPanel({
  projectId,
  canStart,
  initial,
}: {
  projectId: string;
  canStart: boolean;
  initial: Progress;
}) {
  const [progress, setProgress] = useState<Progress>(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const url = `/api/v1/projects/${projectId}/suggestions/generate`;

  useEffect(() => {
    if (progress.state !== "running") return;
    const timer = setTimeout(async () => {
      const res = await fetch(url, { cache: "no-store" }).catch(() => null);
      if (res?.ok) setProgress(await res.json());
      else setProgress((p) => ({ ...p }));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [progress, url]);

  async function act(method: "POST" | "DELETE") {
    setBusy(true);
    setProblem(null);
    try {
      const res = await fetch(url, { method });
      const body = await res.json().catch(() => null);
      if (res.ok) setProgress(body);
      else setProblem(body?.error?.message ?? `The server answered ${res.status}`);
    } catch {
      setProblem("The server could not be reached");
    } finally {
      setBusy(false);
    }
  }

  const running = progress.state === "running";
  const settled = progress.done + progress.failed;
  const percent = progress.total > 0 ? Math.round((settled / progress.total) * 100) : 0;
  return (
    <div className="stack">
      {progress.state !== "none" && (
        <div className="stack" aria-live="polite">
          <p>
            <strong>{STATE_WORDS[progress.state]}</strong>
            {progress.reason && `: ${REASONS[progress.reason] ?? progress.reason}`}
            {" · "}
            {progress.done} of {progress.total} prompts done
            {progress.failed > 0 && `, ${progress.failed} failed`}
            {progress.waiting > 0 && `, ${progress.waiting} waiting to retry`}
          </p>
          <progress
            value={settled}
            max={Math.max(progress.total, 1)}
            aria-label="Prompts with a generated suggestion"
            className={styles.progress}
          >
            {percent}%
          </progress>
          {progress.startedAt && (
            <p className="muted small">
              Started {new Date(progress.startedAt).toLocaleString()}
              {progress.startedBy && ` by ${progress.startedBy.name}`}
              {progress.finishedAt && ` · ended ${new Date(progress.finishedAt).toLocaleString()}`}
            </p>
          )}
        </div>
      )}
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        {running ? (
          <button type="button" className="button button-danger" disabled={busy} onClick={() => act("DELETE")}>
            Cancel generation
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !canStart}
            onClick={() => act("POST")}
          >
            Generate for open prompts
          </button>
        )}
      </div>
    </div>
  );
}
