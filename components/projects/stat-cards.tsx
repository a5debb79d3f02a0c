import type { ProjectStats } from "@/lib/projects/project-stats";
import styles from "./projects.module.css";

/** Counts by status, one card each; a description list so each number is read with its name. */
export function StatCards({ stats }: { stats: ProjectStats }) {
  const cards: Array<[string, number]> = [
    ["Prompts", stats.prompts],
    ["Prompts done", stats.promptsDone],
    ["Prompts in review", stats.promptsInReview],
    ["Active tasks", stats.activeTasks],
    ["Skipped", stats.skippedTasks],
    ["Submitted", stats.responses.submitted],
    ["Accepted", stats.responses.accepted],
    ["Rejected", stats.responses.rejected],
    ["Needs revision", stats.responses.needs_revision],
  ];
  return (
    <dl className={styles.stats} aria-label="Counts by status">
      {cards.map(([label, value]) => (
        <div key={label} className={`card ${styles.stat}`}>
          <dt>{label}</dt>
          <dd>{value.toLocaleString("en")}</dd>
        </div>
      ))}
    </dl>
  );
}
