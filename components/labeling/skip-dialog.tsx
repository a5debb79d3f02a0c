"use client";

import { useId, useState } from "react";
import { Modal } from "@/components/modal";

type Props = {
  open: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
};

/** Asks before skipping a prompt the labeler has written in, and says the text is kept. */
export function SkipDialog({ open, busy, error, onConfirm, onCancel }: Props) {
  const [reason, setReason] = useState("");
  const id = useId();

  return (
    <Modal open={open} onClose={() => !busy && onCancel()} labelledBy={`${id}-title`} describedBy={`${id}-text`}>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(reason.trim());
        }}
      >
        <h2 id={`${id}-title`}>Skip this prompt?</h2>
        <p id={`${id}-text`}>
          What you wrote is kept as a draft. This prompt will not be offered to you again, but you can come back to it
          from My work → Skipped, and your text will be there.
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            Reason <span className="field-hint">(optional)</span>
          </label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            maxLength={1000}
            data-autofocus
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
    </Modal>
  );
}
