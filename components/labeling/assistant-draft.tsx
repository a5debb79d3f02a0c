"use client";

import { useEffect, useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import type { ModelDraftState } from "./use-model-draft";
import styles from "./assistant-draft.module.css";

type Props = {
  turn: number;
  /** The turn's text now, and as the model wrote it (when it came from a draft): edited text is asked about. */
  text: string;
  draftText: string | null;
  state: ModelDraftState;
  /** The editor is read-only (another tab, unread guidelines, a submit on its way): nothing to start. */
  disabled: boolean;
  onStart: () => void;
  onStop: () => void;
  onClear: () => void;
  /** The labeler emptied the turn themselves: it no longer comes from the model. */
  onForget: () => void;
};

/**
 * The model's draft for the turn being written (draft mode, docs/workspace.md): start it, stop it while it
 * streams, regenerate it or clear it. Replacing text the labeler changed is asked first; a failure is one line
 * and the editor stays theirs.
 */
export function AssistantDraft({ turn, text, draftText, state, disabled, onStart, onStop, onClear, onForget }: Props) {
  const [confirming, setConfirming] = useState<"regenerate" | "clear" | null>(null);
  const streaming = state.kind === "streaming" && state.turn === turn;
  const failed = state.kind === "failed" && state.turn === turn ? state.message : null;
  const hasText = text.trim().length > 0;
  const edited = hasText && text !== draftText;
  useEffect(() => {
    if (!hasText && !streaming && draftText !== null) onForget();
  }, [hasText, streaming, draftText, onForget]);

  const act = (what: "regenerate" | "clear") => {
    if (edited) return setConfirming(what);
    what === "regenerate" ? onStart() : onClear();
  };
  const confirm = () => {
    const what = confirming;
    setConfirming(null);
    what === "regenerate" ? onStart() : onClear();
  };

  return (
    <div className={styles.bar} role="group" aria-label="Model draft">
      {streaming ? (
        <>
          <span className={styles.status} role="status">
            The model is writing…
          </span>
          <button type="button" className="button button-small" onClick={onStop}>
            Stop
          </button>
        </>
      ) : confirming ? (
        <>
          <span className={styles.status}>
            {confirming === "regenerate" ? "Replace your edited text with a new draft?" : "Clear your edited text?"}
          </span>
          <button type="button" className="button button-small" onClick={confirm}>
            {confirming === "regenerate" ? "Replace" : "Clear"}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
            Keep my text
          </button>
        </>
      ) : hasText && draftText !== null ? (
        <>
          <button type="button" className="button button-small" onClick={() => act("regenerate")} disabled={disabled}>
            Regenerate
          </button>
          <button type="button" className="button button-small" onClick={() => act("clear")} disabled={disabled}>
            Clear and write from scratch
          </button>
        </>
      ) : hasText ? null : (
        <button type="button" className="button button-small" onClick={onStart} disabled={disabled}>
          Start from a model draft
        </button>
      )}
      <div aria-live="polite" className={styles.error}>
        {failed && !streaming && <span>{failed}</span>}
      </div>
    </div>
  );
}

/**
 * The draft bar where it belongs: on the first turn without text (the one being written), on a turn that
 * holds the model's text, and on the turn it streams into.
 */
export function AssistantDraftFor({
  index,
  taken,
  state,
  disabled,
  onStart,
  onStop,
  onClear,
  onForget,
}: Omit<Props, "turn" | "text" | "draftText" | "onForget"> & {
  index: number;
  taken: string | null;
  onForget: (turn: number) => void;
}) {
  const { control } = useFormContext<SubmitResponseInput>();
  const turns = useWatch({ control, name: "turns" }) ?? [];
  const text = turns[index] ?? "";
  const firstOpen = turns.findIndex((t) => !t?.trim());
  const here = index === firstOpen || taken !== null || (state.kind !== "idle" && state.turn === index);
  if (!here) return null;
  return (
    <AssistantDraft
      turn={index}
      text={text}
      draftText={taken}
      state={state}
      disabled={disabled}
      onStart={onStart}
      onStop={onStop}
      onClear={onClear}
      onForget={() => onForget(index)}
    />
  );
}
