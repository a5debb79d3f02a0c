"use client";

import { Modal } from "./modal";
import styles from "./writing-screen.module.css";

const SHORTCUTS = (mod: string) => [
  { keys: [mod, "Enter"], does: "Submit (asks to confirm)" },
  { keys: [mod, "S"], does: "Save now" },
  { keys: ["Alt", "G"], does: "Show or hide the guidelines" },
  { keys: ["Alt", "M"], does: "Preview the turn you are writing as markdown, and back" },
  { keys: ["Alt", "T"], does: "Show or hide the protocol view" },
  { keys: ["?"], does: "This list (outside the editor)" },
  { keys: ["Esc"], does: "Close a dialog" },
];

export function ShortcutsDialog({ open, mac, onClose }: { open: boolean; mac: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} labelledBy="shortcuts-title">
      <div className="stack">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table className={styles.shortcutTable}>
          <tbody>
            {SHORTCUTS(mac ? "⌘" : "Ctrl").map((s) => (
              <tr key={s.does}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && " + "}
                      <kbd>{k}</kbd>
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
