"use client";

import { useSyncExternalStore } from "react";
import { Markdown } from "@/components/markdown";
import { Modal } from "@/components/modal";
import styles from "./guidelines-panel.module.css";

// The choice outlives the task: a labeler who knows the guidelines keeps them out of the way.
const STORAGE_KEY = "exemplar.guidelines.collapsed";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function readCollapsed() {
  try {
    return localStorage.getItem(STORAGE_KEY) === "1";
  } catch {
    return false; // storage blocked: the default, open
  }
}
/** Alt+G and the panel's button; a first task in a project opens it (docs/workspace.md). */
export function toggleGuidelines() {
  writeCollapsed(!readCollapsed());
}
export function writeCollapsed(collapsed: boolean) {
  try {
    localStorage.setItem(STORAGE_KEY, collapsed ? "1" : "0");
  } catch {
    // the toggle still works for this page
  }
  listeners.forEach((l) => l());
}

export function GuidelinesPanel({ guidelines, firstTime = false }: { guidelines: Guidelines; firstTime?: boolean }) {
  const collapsed = useSyncExternalStore(subscribe, readCollapsed, () => false);
  const heading = guidelines ? `Guidelines v${guidelines.version}` : "Guidelines";

  return (
    <aside
      className={collapsed ? `${styles.panel} ${styles.collapsed}` : styles.panel}
      aria-labelledby="guidelines-heading"
    >
      <div className={styles.head}>
        <h2 id="guidelines-heading" className={collapsed ? "visually-hidden" : styles.title}>
          {heading}
        </h2>
        <button
          type="button"
          className="button button-small"
          aria-expanded={!collapsed}
          aria-controls="guidelines-body"
          aria-keyshortcuts="Alt+G"
          onClick={() => writeCollapsed(!collapsed)}
        >
          {collapsed ? "Show guidelines" : "Hide guidelines"}
        </button>
      </div>
      <div
        id="guidelines-body"
        className={styles.body}
        hidden={collapsed}
        tabIndex={0}
        role="region"
        aria-label={heading}
      >
        {firstTime && guidelines && (
          <p className={styles.first}>
            Your first task in this project: please read these guidelines before you write.
          </p>
        )}
        <GuidelinesText guidelines={guidelines} />
      </div>
    </aside>
  );
}

type Guidelines = { version: number; markdown: string } | null;

function GuidelinesText({ guidelines }: { guidelines: Guidelines }) {
  return guidelines ? (
    <Markdown>{guidelines.markdown}</Markdown>
  ) : (
    <p className="muted">This project has no guidelines yet.</p>
  );
}

/**
 * The guidelines on a narrow screen, where a column beside the editor does not fit: a drawer over
 * the screen that opens only when asked (its button, Alt+G), so it never hides the editor unasked.
 */
export function GuidelinesDrawer({
  open,
  onClose,
  guidelines,
}: {
  open: boolean;
  onClose: () => void;
  guidelines: Guidelines;
}) {
  const heading = guidelines ? `Guidelines v${guidelines.version}` : "Guidelines";
  return (
    <Modal open={open} onClose={onClose} labelledBy="guidelines-drawer-heading" className={styles.drawer}>
      <div className={styles.head}>
        <h2 id="guidelines-drawer-heading" className={styles.title}>
          {heading}
        </h2>
        <button type="button" className="button button-small" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
      <div className={styles.body} tabIndex={0} role="region" aria-label={heading}>
        <GuidelinesText guidelines={guidelines} />
      </div>
    </Modal>
  );
}
