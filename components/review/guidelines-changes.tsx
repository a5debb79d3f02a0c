import type { DiffPart } from "@/lib/tasks/guidelines-diff";
import styles from "./guidelines-changes.module.css";

/**
 * What changed between two guidelines versions (lib/tasks/guidelines-diff.ts) as plain text, never
 * markdown or HTML: it is user text. Added text is underlined and removed text struck through, so
 * colour is not the only cue.
 */
export function GuidelinesChanges({ parts }: { parts: DiffPart[] }) {
  return (
    <div className={styles.diff}>
      <p className={styles.legend}>
        <ins className={styles.added}>Added</ins> <del className={styles.removed}>removed</del>
      </p>
      {parts.map((part, i) =>
        part.kind === "skip" ? (
          <span key={i} className={styles.skip}>
            ⋯ {part.lines} unchanged line{part.lines === 1 ? "" : "s"}
            {"\n"}
          </span>
        ) : part.kind === "added" ? (
          <ins key={i} className={styles.added}>
            {part.text}
          </ins>
        ) : part.kind === "removed" ? (
          <del key={i} className={styles.removed}>
            {part.text}
          </del>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </div>
  );
}
