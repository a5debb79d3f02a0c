import { diffWords } from "diff";
import styles from "./revision-diff.module.css";

/**
 * A word-level diff of two texts. The texts are user input: they are rendered as React text
 * nodes (never as HTML), and each change says in words what it is, for screen readers.
 */
export function RevisionDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffWords(before, after);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <div className={styles.diff} role="group" aria-label={label}>
      {!changed && <p className="small muted">No change.</p>}
      {changed &&
        parts.map((part, i) =>
          part.added ? (
            <ins key={i} className={styles.ins}>
              <span className="visually-hidden">[inserted: </span>
              {part.value}
              <span className="visually-hidden">]</span>
            </ins>
          ) : part.removed ? (
            <del key={i} className={styles.del}>
              <span className="visually-hidden">[deleted: </span>
              {part.value}
              <span className="visually-hidden">]</span>
            </del>
          ) : (
            <span key={i}>{part.value}</span>
          ),
        )}
    </div>
  );
}
