import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { listMyWork, MyWorkQuery } from "@/lib/analytics/my-work";
import { parseQueryValues } from "@/lib/query-params";
import { MyWorkList } from "@/components/my-work/my-work-list";
import { SkippedDrafts } from "@/components/my-work/skipped-drafts";
import { listSkippedDrafts } from "@/lib/tasks/resume-task";
import styles from "@/components/my-work/my-work.module.css";

export const metadata: Metadata = { title: "My work" };

type Props = { searchParams: Promise<{ cursor?: string }> };

/**
 * The caller's responses across projects: the ones sent back for revision first, then the rest
 * newest first, each opening the response with what reviewers said; skipped drafts last.
 */
export default async function MyWorkPage({ searchParams }: Props) {
  const actor = await requireActor("label");
  const { cursor } = await searchParams;
  const [page, skipped] = await Promise.all([
    Promise.resolve()
      .then(() => listMyWork(actor, parseQueryValues(MyWorkQuery, { cursor })))
      .catch((error: unknown) => {
        // A cursor that did not come from "Older" names no page.
        if (error instanceof AppError && error.code === "validation_error") notFound();
        throw error;
      }),
    cursor ? [] : listSkippedDrafts(actor),
  ]);
  const nothing = page.items.length === 0 && page.sentBack.length === 0;

  return (
    <main className="page stack">
      <h1>My work</h1>
      <p className="muted">
        Your responses with what reviewers said. Open one to see the conversation, the decision and any change a
        reviewer made. Until a reviewer decides, you can still edit a response.
      </p>
      {page.sentBack.length > 0 && (
        <section className="stack" aria-labelledby="sent-back" id="sent-back-section">
          <h2 id="sent-back" className={styles.sectionHead}>
            Sent back to you <span className="badge badge-warn">{page.sentBack.length}</span>
          </h2>
          <p className="small muted">
            A reviewer asked for a revision. <strong>Revise</strong> opens it first in its project, with the comment
            beside your text.
          </p>
          <MyWorkList items={page.sentBack} label="Sent back to you" sentBack />
        </section>
      )}
      {nothing ? (
        <div className="card">
          <p className="muted">{cursor ? "No older responses." : "You have not submitted a response yet."}</p>
          {!cursor && (
            <Link href="/" className="button">
              Start labeling
            </Link>
          )}
        </div>
      ) : (
        page.items.length > 0 && (
          <section className="stack" aria-labelledby="responses-heading">
            {page.sentBack.length > 0 && <h2 id="responses-heading">Your other responses</h2>}
            {page.sentBack.length === 0 && (
              <h2 id="responses-heading" className="visually-hidden">
                Your responses
              </h2>
            )}
            <MyWorkList items={page.items} label="Your responses, newest first" />
          </section>
        )
      )}
      {(cursor || page.nextCursor) && (
        <nav aria-label="Pages" className={styles.pager}>
          {cursor && (
            <Link href="/my-work" className="button">
              Newest
            </Link>
          )}
          {page.nextCursor && (
            <Link href={`/my-work?cursor=${encodeURIComponent(page.nextCursor)}`} className="button">
              Older responses
            </Link>
          )}
        </nav>
      )}
      {skipped.length > 0 && <SkippedDrafts items={skipped} />}
    </main>
  );
}
