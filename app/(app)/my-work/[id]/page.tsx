import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getMyResponse } from "@/lib/analytics/my-work";
import { orNotFound } from "@/lib/pages/or-not-found";
import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { ConversationView } from "@/components/review/conversation-view";
import { StatusBadge } from "@/components/review/status-badge";
import { ReviewerChanges } from "@/components/my-work/reviewer-changes";
import { ModelDraftChanges } from "@/components/review/model-draft-changes";
import { ReviewEntry } from "@/components/my-work/review-entry";
import styles from "@/components/my-work/my-work.module.css";

export const metadata: Metadata = { title: "Your response" };

/**
 * One of the caller's responses as its author sees it: the conversation with their text, the
 * reviewers' decisions and comments (reviewers as pseudonyms), the scores where the project shows
 * them, and what a reviewer's edit changed. Anyone else's response is the 404 page.
 */
export default async function MyResponsePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor("label");
  const { response, project, mine, edit, reviews } = await orNotFound(getMyResponse(actor, id));
  const sentBack = response.status === "needs_revision" ? reviews.at(-1) : undefined;

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/my-work">My work</Link> / {project.name}
      </nav>
      <div className={styles.head}>
        <h1 className={styles.title}>Your response</h1>
        <StatusBadge status={response.status} label={sentBack ? "Sent back to you" : undefined} />
        <span className="spacer" />
        {response.status === "needs_revision" && (
          <Link href={`/work/${project.slug}`} prefetch={false} className="button button-primary">
            Revise
          </Link>
        )}
        {response.status === "submitted" && (
          <Link href={`/my-work/${response.id}/edit`} prefetch={false} className="button">
            Edit
          </Link>
        )}
      </div>
      <p className="small muted">
        {project.name}
        {response.externalId && (
          <>
            {" "}
            · prompt <code>{response.externalId}</code>
          </>
        )}{" "}
        · submitted <LocalTime value={response.submittedAt} /> · revision {response.revision}
        {response.guidelinesVersion !== null && <> · guidelines version {response.guidelinesVersion}</>}
      </p>

      {sentBack && (
        <div className={`${styles.sentBackComment} ${styles.notice}`} role="note" aria-label="Sent back for revision">
          <p>
            <strong>{sentBack.reviewer.name}</strong> sent it back for a revision{" "}
            <LocalTime value={sentBack.createdAt} />:
          </p>
          {sentBack.comment && <Markdown>{sentBack.comment}</Markdown>}
        </div>
      )}

      <section className="stack" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">{reviews.length === 1 ? "Review" : "Reviews"}</h2>
        {reviews.length === 0 ? (
          <p className="muted">Not reviewed yet. You can still edit it until a reviewer decides.</p>
        ) : (
          <ol className={styles.reviews} aria-label="Reviews, oldest first">
            {reviews.map((review) => (
              <ReviewEntry key={review.id} review={{ ...review, reviewer: review.reviewer.name }} />
            ))}
          </ol>
        )}
      </section>

      {edit && <ReviewerChanges edit={edit} />}

      {response.modelDrafts.length > 0 && (
        <section className="stack" aria-labelledby="model-draft-heading">
          <h2 id="model-draft-heading">Changes from the model draft</h2>
          <ModelDraftChanges drafts={response.modelDrafts} turnCount={response.turns.length} />
        </section>
      )}

      <section className="stack" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">
          {edit ? "The conversation with your text" : "The conversation with your response"}
        </h2>
        <ConversationView messages={response.conversation.messages} turns={mine} author="you" />
      </section>
    </main>
  );
}
