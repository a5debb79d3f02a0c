"use client";

import { Modal } from "@/components/modal";

/** The confirm step of Ctrl/Cmd+Enter: a shortcut must not send a response by accident. */
export function ConfirmSubmitDialog({
  open,
  editing,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  editing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal open={open} onClose={onCancel} labelledBy="confirm-submit-title" describedBy="confirm-submit-text">
      <div className="stack">
        <h2 id="confirm-submit-title">{editing ? "Save this as a new revision?" : "Submit this response?"}</h2>
        <p id="confirm-submit-text">
          {editing
            ? "Reviewers will see the new revision; the earlier ones are kept."
            : "It goes to review. Until a reviewer decides, you can still change it from My work."}
        </p>
        <div className="row">
          <span className="spacer" />
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={onConfirm} data-autofocus>
            {editing ? "Save revision" : "Submit"}
          </button>
        </div>
      </div>
    </Modal>
  );
}
