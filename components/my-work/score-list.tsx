import styles from "./my-work.module.css";

/** Rubric scores, each out of 5, in the rubric's order. */
export function ScoreList({
  scores,
  label,
}: {
  scores: Array<{ key: string; label: string; score: number }>;
  label: string;
}) {
  return (
    <ul className={styles.scores} aria-label={label}>
      {scores.map((s) => (
        <li key={s.key} className={styles.score}>
          {s.label}
          <strong>{s.score}</strong>/5
        </li>
      ))}
    </ul>
  );
}
