"use client";

import styles from "./protocol.module.css";

/** The writing screen's "Protocol view" button: pressed while the view is open. */
export function ProtocolToggle({
  open,
  onOpenChange,
  shortcut,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  shortcut?: string;
}) {
  return (
    <button
      type="button"
      className={`button button-small ${styles.toggle}`}
      aria-pressed={open}
      aria-keyshortcuts={shortcut}
      onClick={() => onOpenChange(!open)}
    >
      Protocol view
    </button>
  );
}
