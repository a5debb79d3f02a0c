import type { ProjectProgress } from "@/lib/analytics/types";
import { formatCount, formatPercent } from "@/components/analytics/format";
import styles from "./analytics.module.css";

/** Prompts done, in review and remaining: numbers first, and a bar that shows the same at a glance. */
export function ProgressSummary({
  progress,
  responsesPerPrompt,
}: {
  progress: ProjectProgress;
  responsesPerPrompt: number;
}) {
  const share = (n: number) => (progress.prompts === 0 ? 0 : n / progress.prompts);
  const cards: Array<[string, number, string?]> = [
    ["Prompts", progress.prompts],
    ["Done", progress.done, formatPercent(share(progress.done))],
    ["In review", progress.inReview, formatPercent(share(progress.inReview))],
    ["Remaining", progress.remaining, formatPercent(share(progress.remaining))],
    ["With an accepted response", progress.withAccepted],
  ];
  return (
    <div className="stack">
      <dl className={styles.progress} aria-label="Progress">
        {cards.map(([label, value, pct]) => (
          <div key={label} className={`card ${styles.stat}`}>
            <dt>{label}</dt>
            <dd>
              {formatCount(value)}
              {pct && <small>{pct}</small>}
            </dd>
          </div>
        ))}
      </dl>
      <div className={styles.bar} aria-hidden="true">
        <span className={styles.barDone} style={{ width: `${share(progress.done) * 100}%` }} />
        <span className={styles.barReview} style={{ width: `${share(progress.inReview) * 100}%` }} />
      </div>
      <ul className={styles.key}>
        <li>
          <span className={`${styles.dot} ${styles.barDone}`} aria-hidden="true" /> Done:{" "}
          {responsesPerPrompt === 1 ? "its response" : `all ${responsesPerPrompt} responses`} in and decided
        </li>
        <li>
          <span className={`${styles.dot} ${styles.barReview}`} aria-hidden="true" /> In review: all responses in, some
          awaiting a decision or a revision
        </li>
        <li>
          <span className={styles.dot} aria-hidden="true" /> Remaining: responses still to be written
        </li>
      </ul>
    </div>
  );
}
