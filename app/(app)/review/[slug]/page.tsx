import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { listResponses } from "@/lib/review/responses";
import { ResponseTable } from "@/components/review/response-table";
import { ReviewedNotice } from "@/components/review/reviewed-notice";
import { REVIEW_TABS, StatusTabs } from "@/components/review/status-tabs";
import { orNotFound } from "@/lib/forms/or-not-found";

export const metadata: Metadata = { title: "Review" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ status?: string; reviewed?: string }> };

const EMPTY: Record<string, string> = {
  submitted: "Nothing is waiting for review in this project.",
  accepted: "No accepted responses yet.",
  rejected: "No rejected responses.",
  all: "No responses yet.",
};

export default async function ReviewListPage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const status = REVIEW_TABS.some((t) => t.status === query.status) ? query.status! : "submitted";
  const project = await orNotFound(getProject(actor, slug));
  const { items, nextCursor } = await listResponses(actor, project.id, { status });

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / {project.name}
      </nav>
      <h1>{project.name}</h1>
      <ReviewedNotice reviewed={query.reviewed} />
      <StatusTabs basePath={`/review/${project.slug}`} current={status} />
      {items.length === 0 ? (
        <p className="muted">{EMPTY[status]}</p>
      ) : (
        // Keyed by filter so switching tabs starts a fresh list instead of keeping loaded pages.
        <ResponseTable key={status} projectSlug={project.slug} status={status} initial={items} initialCursor={nextCursor} />
      )}
    </main>
  );
}
