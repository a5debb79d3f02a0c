"use client";

import { forwardRef } from "react";
import styles from "./review-shortcuts.module.css";

export type Shortcut = { keys: string[]; action: string };

/** The `?` list of a screen's keyboard shortcuts, a modal dialog (Escape closes it). */
export const ShortcutsDialog = forwardRef<HTMLDialogElement, { shortcuts: Shortcut[] }>(function ShortcutsDialog(
  { shortcuts },
  ref,
) {
  return (
    <dialog ref={ref} className={`card ${styles.dialog}`} aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <p className="small muted">They do nothing while you type in a field.</p>
      <dl className={styles.list}>
        {shortcuts.map((s) => (
          <div key={s.action} className={styles.item}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && " or "}
                  <kbd className={styles.kbd}>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.action}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" className="button" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
});

export function Kbd({ children }: { children: string }) {
  return <kbd className={styles.kbd}>{children}</kbd>;
}
