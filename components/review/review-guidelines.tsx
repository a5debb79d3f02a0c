"use client";

import { useState } from "react";
import { Markdown } from "@/components/markdown";
import type { ReviewGuidelines } from "@/lib/review/review-guidelines";
import { GuidelinesChanges } from "./guidelines-changes";
import styles from "./review-guidelines.module.css";

type View = "written" | "current" | "changes";

/**
 * The guidelines beside a review: the version the response was written under, open by default
 * (the one "following the guidelines" is scored against); when the project published a newer one
 * since, the current version and what changed are one click away.
 */
export function ReviewGuidelinesPanel({ guidelines }: { guidelines: ReviewGuidelines }) {
  const { written, current, changes } = guidelines;
  const [view, setView] = useState<View>("written");
  const shown = view === "current" ? current : (written ?? current);
  const heading = written
    ? `Guidelines v${written.version}`
    : current
      ? `Guidelines v${current.version}`
      : "Guidelines";

  return (
    <section className={`card ${styles.panel}`} aria-labelledby="review-guidelines-heading">
      <details open>
        <summary className={styles.summary}>
          <h2 id="review-guidelines-heading" className={styles.heading}>
            {heading}
          </h2>
          <span className="small muted">
            {written ? "the version this response was written under" : "the project's current version"}
          </span>
        </summary>
        {changes && written && current && (
          <div className={styles.switch} role="group" aria-label="Which guidelines">
            <span className="small">Version {current.version} is newer.</span>
            {(
              [
                ["written", `v${written.version}`],
                ["current", `Current v${current.version}`],
                ["changes", "What changed"],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                type="button"
                className="button button-small"
                aria-pressed={view === value}
                onClick={() => setView(value)}
              >
                {label}
              </button>
            ))}
          </div>
        )}
        <div
          className={styles.body}
          role="region"
          tabIndex={0}
          aria-label={
            view === "changes" && written && current
              ? `Changes from version ${written.version} to ${current.version}`
              : shown
                ? `Guidelines version ${shown.version}`
                : "Guidelines"
          }
        >
          {view === "changes" && changes ? (
            <GuidelinesChanges parts={changes} />
          ) : shown ? (
            <Markdown>{shown.markdown}</Markdown>
          ) : (
            <p className="muted">This project has no guidelines yet.</p>
          )}
        </div>
      </details>
    </section>
  );
}
