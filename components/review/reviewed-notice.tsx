"use client";

import { useEffect, useState, useTransition } from "react";
import { StatusRegion } from "@/components/forms/form-message";
import { Kbd } from "@/components/shortcuts-dialog";
import { useShortcuts } from "@/components/use-shortcuts";
import { undoReviewAction } from "@/app/(app)/review/actions";
import styles from "./reviewed-notice.module.css";

const DONE: Record<string, string> = {
  accepted: "Response accepted.",
  rejected: "Response rejected.",
  needs_revision: "Response sent back to its author for revision.",
  edited: "Your edit was saved and the response accepted.",
  second_opinion: "Second opinion recorded.",
};

/**
 * How long the Undo button stays. The server allows a little more (UNDO_WINDOW_SECONDS in
 * lib/review/undo-review.ts), so a click in the last second still arrives in time.
 */
const UNDO_SHOWN_MS = 10_000;

/**
 * The confirmation after a decision, carried over the redirect in `?reviewed=`, with Undo (`u`)
 * for a few seconds when `undo` names the response just decided. The next decision leaves this
 * page, and with it the chance to undo the previous one.
 */
export function ReviewedNotice({
  reviewed,
  undo,
  next = false,
}: {
  reviewed: string | undefined;
  undo?: string;
  next?: boolean;
}) {
  const [undoable, setUndoable] = useState(Boolean(undo));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndoable(false), UNDO_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [undo]);

  const takeBack = () => {
    if (!undo) return;
    setError(null);
    startTransition(async () => {
      const result = await undoReviewAction(undo);
      // Success goes to the response again; only a refusal comes back.
      if (result && !result.ok) {
        setUndoable(false);
        setError(result.formError ?? "The decision could not be undone.");
      }
    });
  };
  useShortcuts({ u: undoable && !pending ? takeBack : undefined });

  if (reviewed === "undone") {
    return (
      <StatusRegion>
        <p className="alert alert-info">Decision undone: the response is waiting for review again.</p>
      </StatusRegion>
    );
  }
  const done = reviewed ? DONE[reviewed] : undefined;
  return (
    <StatusRegion>
      {done && (
        <div className={`alert alert-ok ${styles.notice}`}>
          <span>
            {done} {next ? "Here is the next one waiting for you." : "Nothing else in this queue is waiting for you."}
          </span>
          {undoable && (
            <button
              type="button"
              className="button button-small"
              onClick={takeBack}
              disabled={pending}
              aria-keyshortcuts="u"
            >
              {pending ? "Undoing…" : "Undo"} <Kbd>u</Kbd>
            </button>
          )}
        </div>
      )}
      {error && <p className="alert alert-error">{error}</p>}
    </StatusRegion>
  );
}
