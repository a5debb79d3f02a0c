import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { decisionOf } from "./decision";
import { ScoreList } from "./score-list";
import styles from "./my-work.module.css";

type Review = {
  decision: string;
  comment: string | null;
  reason: string | null;
  revision: number;
  /** The reviewer as the author may see them: a pseudonym. */
  reviewer: string;
  createdAt: Date;
  scores?: Array<{ key: string; label: string; score: number }>;
};

/** One decision on the author's response; the comment is the reviewer's markdown, never HTML. */
export function ReviewEntry({ review, as: Tag = "li" }: { review: Review; as?: "li" | "div" }) {
  const decision = decisionOf(review.decision);
  return (
    <Tag className={`${styles.review} ${styles[decision.tone]}`}>
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
      {review.scores && review.scores.length > 0 && (
        <div className={styles.reviewScores}>
          <ScoreList scores={review.scores} label="Scores" />
        </div>
      )}
    </Tag>
  );
}
