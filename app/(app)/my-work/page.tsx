import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { listMyWork } from "@/lib/analytics/my-work";
import { MyWorkList } from "@/components/my-work/my-work-list";
import { SkippedDrafts } from "@/components/my-work/skipped-drafts";
import { listSkippedDrafts } from "@/lib/tasks/resume-task";
import styles from "@/components/my-work/my-work.module.css";

export const metadata: Metadata = { title: "My work" };

type Props = { searchParams: Promise<{ cursor?: string }> };

/** The caller's responses across projects, newest first, with reviewers' scores and comments. */
export default async function MyWorkPage({ searchParams }: Props) {
  const actor = await requireActor("label");
  const { cursor } = await searchParams;
  const [page, skipped] = await Promise.all([
    listMyWork(actor, { cursor }).catch((error: unknown) => {
      // A cursor that did not come from "Older" names no page.
      if (error instanceof AppError && error.code === "validation_error") notFound();
      throw error;
    }),
    cursor ? [] : listSkippedDrafts(actor),
  ]);

  return (
    <main className="page stack">
      <h1>My work</h1>
      <p className="muted">
        Your responses, newest first, with the scores and comments reviewers gave them. Until a reviewer decides, you
        can still edit a response; each change is a new revision.
      </p>
      {page.items.length === 0 ? (
        <div className="card">
          <p className="muted">{cursor ? "No older responses." : "You have not submitted a response yet."}</p>
          {!cursor && (
            <Link href="/" className="button">
              Start labeling
            </Link>
          )}
        </div>
      ) : (
        <MyWorkList items={page.items} />
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
