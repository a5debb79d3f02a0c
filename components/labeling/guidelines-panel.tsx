"use client";

import { useSyncExternalStore } from "react";
import { Markdown } from "@/components/markdown";
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

export function GuidelinesPanel({
  guidelines,
  firstTime = false,
}: {
  guidelines: { version: number; markdown: string } | null;
  firstTime?: boolean;
}) {
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
        {guidelines ? (
          <Markdown>{guidelines.markdown}</Markdown>
        ) : (
          <p className="muted">This project has no guidelines yet.</p>
        )}
      </div>
    </aside>
  );
}
