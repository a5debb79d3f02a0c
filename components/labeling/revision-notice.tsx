import type { TaskView } from "@/lib/tasks/task-view";
import { Markdown } from "@/components/markdown";
import { LocalTime } from "@/components/local-time";
import styles from "./revision-notice.module.css";

/** A reviewer sent this response back: their comment, beside the text it is about. */
export function RevisionNotice({ revision }: { revision: NonNullable<TaskView["revision"]> }) {
  return (
    <section className={styles.notice} aria-labelledby="revision-heading">
      <h2 id="revision-heading" className={styles.heading}>
        Sent back for revision by {revision.reviewer}
        <span className={styles.when}>
          {" "}
          · revision {revision.number} · <LocalTime value={revision.requestedAt} />
        </span>
      </h2>
      {revision.comment ? (
        <Markdown className={styles.comment}>{revision.comment}</Markdown>
      ) : (
        <p className="muted">No comment.</p>
      )}
      <p className={styles.hint}>
        Your text is below as you submitted it. Change it, then resubmit; your earlier version is kept.
      </p>
    </section>
  );
}
