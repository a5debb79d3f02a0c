import type { ResponseDetail } from "@/lib/review/response-view";
import type { RubricCriterion } from "@/lib/review/rubric";
import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { StatusBadge } from "@/components/review/status-badge";
import styles from "./response-review.module.css";

export function ResponseFacts({ response }: { response: ResponseDetail }) {
  return (
    <dl className={styles.facts}>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={response.status} />
      </dd>
      <dt>Prompt</dt>
      <dd>
        <code>{response.externalId ?? "—"}</code>
      </dd>
      <dt>Author</dt>
      <dd>{response.author.name}</dd>
      <dt>Submitted</dt>
      <dd>
        <LocalTime value={response.submittedAt} />
      </dd>
      <dt>Guidelines</dt>
      <dd>{response.guidelinesVersion === null ? "—" : `Version ${response.guidelinesVersion}`}</dd>
      <dt>Revision</dt>
      <dd>{response.revision}</dd>
      <dt>Tokens</dt>
      <dd>{response.tokenCount.toLocaleString("en")}</dd>
    </dl>
  );
}

const DECISION_STATUS: Record<string, string> = {
  accept: "accepted",
  reject: "rejected",
  revise: "needs_revision",
  edit: "accepted",
};
const DECISION_LABEL: Record<string, string> = {
  accept: "Accepted",
  reject: "Rejected",
  revise: "Sent back",
  edit: "Edited and accepted",
};

export function ReviewHistory({
  reviews,
  rubric,
}: {
  reviews: ResponseDetail["reviews"];
  rubric: readonly RubricCriterion[];
}) {
  if (reviews.length === 0) return <p className="muted small">No reviews yet.</p>;
  const label = new Map(rubric.map((c) => [c.key, c.label]));
  return (
    <ul className={styles.reviews}>
      {reviews.map((review) => (
        <li key={review.id}>
          <StatusBadge
            status={DECISION_STATUS[review.decision] ?? review.decision}
            label={DECISION_LABEL[review.decision]}
          />{" "}
          {review.secondOpinion && <span className="badge">second opinion</span>}{" "}
          <span className="small">
            by {review.reviewer.name}, revision {review.revision}, <LocalTime value={review.createdAt} />
          </span>
          {review.reason && <p className={`${styles.comment} small`}>Reason: {review.reason}</p>}
          {review.scores && Object.keys(review.scores).length > 0 && (
            <p className={`${styles.comment} small muted`}>
              {Object.entries(review.scores)
                .map(([key, value]) => `${label.get(key) ?? key} ${value}/5`)
                .join(" · ")}
            </p>
          )}
          {review.comment && <Markdown className={`${styles.note} small`}>{review.comment}</Markdown>}
        </li>
      ))}
    </ul>
  );
}
