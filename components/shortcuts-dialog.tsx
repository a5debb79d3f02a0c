"use client";

import { Modal } from "@/components/modal";
import styles from "./shortcuts-dialog.module.css";

/** One row of the list: the keys pressed together (`["Ctrl", "Enter"]`) and what they do. */
export type Shortcut = { keys: string[]; does: string };

/** The `?` list of a screen's keyboard shortcuts, a modal dialog (Escape closes it). */
export function ShortcutsDialog({
  open,
  onClose,
  shortcuts,
  note,
}: {
  open: boolean;
  onClose: () => void;
  shortcuts: Shortcut[];
  note?: string;
}) {
  return (
    <Modal open={open} onClose={onClose} labelledBy="shortcuts-title">
      <div className="stack">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {note && <p className="small muted">{note}</p>}
        <table className={styles.table}>
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.does}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && " + "}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}

export function Kbd({ children }: { children: string }) {
  return <kbd className={styles.kbd}>{children}</kbd>;
}
