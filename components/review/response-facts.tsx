import type { ResponseDetail } from "@/lib/review/response-view";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/review/status-badge";
import styles from "./response-review.module.css";

export function ResponseFacts({ response }: { response: ResponseDetail }) {
  return (
    <dl className={styles.facts}>
      <dt>Status</dt>
      <dd><StatusBadge status={response.status} /></dd>
      <dt>Prompt</dt>
      <dd><code>{response.externalId ?? "—"}</code></dd>
      <dt>Author</dt>
      <dd>{response.author.name}</dd>
      <dt>Submitted</dt>
      <dd><LocalTime value={response.submittedAt} /></dd>
      <dt>Guidelines</dt>
      <dd>{response.guidelinesVersion === null ? "—" : `Version ${response.guidelinesVersion}`}</dd>
      <dt>Tokens</dt>
      <dd>{response.tokenCount.toLocaleString("en")}</dd>
    </dl>
  );
}

export function ReviewHistory({ reviews }: { reviews: ResponseDetail["reviews"] }) {
  if (reviews.length === 0) return <p className="muted small">No reviews yet.</p>;
  return (
    <ul className={styles.reviews}>
      {reviews.map((review) => (
        <li key={review.id}>
          <StatusBadge status={review.decision === "accept" ? "accepted" : review.decision === "reject" ? "rejected" : review.decision} />{" "}
          <span className="small">
            by {review.reviewer.name}, <LocalTime value={review.createdAt} />
          </span>
          {review.comment && <p className={`${styles.comment} small`}>{review.comment}</p>}
        </li>
      ))}
    </ul>
  );
}
