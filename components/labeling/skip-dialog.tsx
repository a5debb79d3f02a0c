"use client";

import { useEffect, useId, useRef, useState } from "react";
import styles from "./skip-dialog.module.css";

type Props = {
  open: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
};

/**
 * Asks before skipping a prompt the labeler has written in. A modal <dialog> gives focus
 * trapping, Escape and the inert background for free; focus goes back to the opener on close.
 */
export function SkipDialog({ open, busy, error, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState("");
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      reasonField.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement) opener.current.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault(); // Escape: let React state close it, so both agree
        if (!busy) onCancel();
      }}
    >
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(reason.trim());
        }}
      >
        <h2 id={`${id}-title`}>Skip this prompt?</h2>
        <p id={`${id}-text`}>
          What you wrote is kept as a draft. This prompt will not be offered to you again, but you can come back to it from My work → Skipped, and your text will be there.
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            Reason <span className="field-hint">(optional)</span>
          </label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            maxLength={1000}
            ref={reasonField}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="Unclear, harmful, outside what I can answer well…"
          />
        </div>
        <div aria-live="assertive">{error && <p className="alert alert-error">{error}</p>}</div>
        <div className="row">
          <span className="spacer" />
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy}>
            {busy ? "Skipping…" : "Skip prompt"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
