import Link from "next/link";
import type { MyWorkItem } from "@/lib/analytics/my-work";
import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { StatusBadge } from "@/components/review/status-badge";
import { formatDuration } from "@/lib/format/duration";
import { ReviewEntry } from "./review-entry";
import { ScoreList } from "./score-list";
import styles from "./my-work.module.css";

/**
 * The labeler's responses as cards: the prompt (which opens the response), the start of their text,
 * and the latest decision. `sentBack`: the responses a reviewer returned, with the reviewer's comment.
 */
export function MyWorkList({
  items,
  label,
  sentBack = false,
}: {
  items: MyWorkItem[];
  label: string;
  sentBack?: boolean;
}) {
  return (
    <ol className={styles.list} aria-label={label}>
      {items.map((item) => (
        <MyWorkCard key={item.id} item={item} sentBack={sentBack} />
      ))}
    </ol>
  );
}

function MyWorkCard({ item, sentBack }: { item: MyWorkItem; sentBack: boolean }) {
  const heading = `response-${item.id}`;
  const latest = item.reviews.at(-1);
  return (
    <li className={`card ${styles.item} ${sentBack ? styles.sentBack : ""}`} aria-labelledby={heading}>
      <div className={styles.head}>
        <StatusBadge status={item.status} label={sentBack ? "Sent back to you" : undefined} />
        <span className={styles.project}>{item.project.name}</span>
        <span className="small muted">
          {item.externalId && (
            <>
              <code>{item.externalId}</code> ·{" "}
            </>
          )}
          submitted <LocalTime value={item.submittedAt} />
          {item.activeMs ? (
            <>
              {" "}
              · <span className={styles.nowrap}>active {formatDuration(item.activeMs)}</span>
            </>
          ) : null}
        </span>
        <span className="spacer" />
        {item.status === "needs_revision" && (
          // No prefetch: the work page is rendered per request, which a hover need not cost.
          <Link
            href={`/work/${item.project.slug}`}
            prefetch={false}
            className="button button-small button-primary"
            aria-describedby={heading}
          >
            Revise
          </Link>
        )}
        {item.editable && (
          <Link
            href={`/my-work/${item.id}/edit`}
            prefetch={false}
            className="button button-small"
            aria-describedby={heading}
          >
            Edit
          </Link>
        )}
      </div>
      <h3 id={heading} className={styles.prompt}>
        <Link href={`/my-work/${item.id}`} prefetch={false}>
          {item.prompt || "(a conversation without a user message)"}
        </Link>
      </h3>
      <p className={`small ${styles.excerpt}`}>
        <span className={styles.excerptLabel}>You wrote:</span> {item.excerpt}
      </p>
      {item.editedByReviewer && (
        <p className="small">
          <span className="badge badge-accent">Edited by the reviewer</span>{" "}
          <Link href={`/my-work/${item.id}#changes`} prefetch={false}>
            See what changed
          </Link>
        </p>
      )}
      {sentBack && latest ? (
        <div className={styles.sentBackComment}>
          <p className="small">
            <strong>{latest.reviewer}</strong> sent it back <LocalTime value={latest.createdAt} />:
          </p>
          {latest.comment && <Markdown className="small">{latest.comment}</Markdown>}
        </div>
      ) : latest ? (
        <ReviewEntry review={latest} as="div" />
      ) : (
        <p className="muted small">Not reviewed yet.</p>
      )}
      {item.scores.length > 0 && <ScoreList scores={item.scores} label="Scores of the latest review" />}
    </li>
  );
}
