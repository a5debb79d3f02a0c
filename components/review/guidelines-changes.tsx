import type { DiffPart } from "@/lib/tasks/guidelines-diff";
import { GuidelinesDiffText } from "@/components/guidelines-diff-text";
import styles from "./guidelines-changes.module.css";

/**
 * What changed between two guidelines versions, with a legend: added text is underlined and removed
 * text struck through.
 */
export function GuidelinesChanges({ parts }: { parts: DiffPart[] }) {
  return (
    <div className={styles.diff}>
      <p className={styles.legend}>
        <ins className={styles.added}>Added</ins> <del className={styles.removed}>removed</del>
      </p>
      <GuidelinesDiffText parts={parts} classes={styles} />
    </div>
  );
}
