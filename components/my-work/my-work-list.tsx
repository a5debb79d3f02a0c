import Link from "next/link";
import type { MyWorkItem, MyWorkReview } from "@/lib/analytics/my-work";
import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { StatusBadge } from "@/components/review/status-badge";
import { formatDuration } from "@/lib/format/duration";
import styles from "./my-work.module.css";

const DECISION: Record<string, { label: string; tone: "ok" | "danger" | "warn" }> = {
  accept: { label: "Accepted", tone: "ok" },
  edit: { label: "Edited and accepted", tone: "ok" },
  reject: { label: "Rejected", tone: "danger" },
  revise: { label: "Sent back for revision", tone: "warn" },
};

/** The labeler's responses with what reviewers said; their comments render as markdown, never HTML. */
export function MyWorkList({ items }: { items: MyWorkItem[] }) {
  return (
    <ol className={styles.list} aria-label="Your responses">
      {items.map((item) => (
        <li key={item.id} className={`card ${styles.item}`} aria-labelledby={`response-${item.id}`}>
          <div className={styles.head}>
            <StatusBadge status={item.status} />
            <h2 id={`response-${item.id}`} className={styles.project}>
              {item.project.name}
            </h2>
            <span className="spacer" />
            {item.status === "needs_revision" && (
              // No prefetch: the work page is rendered per request, which a hover need not cost.
              <Link href={`/work/${item.project.slug}`} prefetch={false} className="button button-small button-primary">
                Revise
              </Link>
            )}
            {item.editable && (
              <Link
                href={`/my-work/${item.id}/edit`}
                prefetch={false}
                className="button button-small"
                aria-describedby={`response-${item.id}`}
              >
                Edit
              </Link>
            )}
          </div>
          <dl className={styles.facts}>
            <div>
              <dt>Prompt</dt>
              <dd>
                <code>{item.externalId ?? "—"}</code>
              </dd>
            </div>
            <div>
              <dt>Submitted</dt>
              <dd>
                <LocalTime value={item.submittedAt} />
              </dd>
            </div>
            <div>
              <dt>Revision</dt>
              <dd>{item.revision}</dd>
            </div>
            <div>
              <dt>Active time</dt>
              <dd>{formatDuration(item.activeMs)}</dd>
            </div>
          </dl>
          {item.scores.length > 0 && (
            <ul className={styles.scores} aria-label="Scores of the latest review">
              {item.scores.map((s) => (
                <li key={s.key} className={styles.score}>
                  {s.label}
                  <strong>{s.score}</strong>/5
                </li>
              ))}
            </ul>
          )}
          {item.reviews.length === 0 ? (
            <p className="muted small">Not reviewed yet.</p>
          ) : (
            <ol className={styles.reviews} aria-label="Reviews">
              {item.reviews.map((review, i) => (
                <ReviewEntry key={i} review={review} />
              ))}
            </ol>
          )}
        </li>
      ))}
    </ol>
  );
}

function ReviewEntry({ review }: { review: MyWorkReview }) {
  const decision = DECISION[review.decision] ?? { label: review.decision, tone: "warn" };
  return (
    <li className={`${styles.review} ${styles[decision.tone]}`}>
      <div className={styles.reviewHead}>
        <strong>{decision.label}</strong>
        <span>
          by {review.reviewer}, <LocalTime value={review.createdAt} /> · revision {review.revision}
        </span>
      </div>
      {review.reason && (
        <p className="small">
          <strong>Reason:</strong> {review.reason}
        </p>
      )}
      {review.comment && <Markdown className={`${styles.comment} small`}>{review.comment}</Markdown>}
    </li>
  );
}
