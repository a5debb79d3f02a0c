import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getProject } from "@/lib/projects/projects";
import { listResponses } from "@/lib/review/responses";
import type { ResponseListItem } from "@/lib/review/response-view";
import { type QueueRow, withPreviews } from "@/lib/review/queue-previews";
import { QueueFilterForm, readFilters } from "@/components/review/queue-filters";
import { ResponseTable } from "@/components/review/response-table";
import { ReviewedNotice } from "@/components/review/reviewed-notice";
import { QueueTabs } from "@/components/review/status-tabs";
import { orNotFound } from "@/lib/pages/or-not-found";
import { parseQueryValues } from "@/lib/query-params";
import { ListResponsesQuery } from "@/lib/review/schemas";

export const metadata: Metadata = { title: "Review" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

type Listed = { items: QueueRow[]; nextCursor: string | null; problems: string[] };

/** The page of the queue; a filter the lib refuses (a bad date, a user id under blind review) is shown, not thrown. */
async function list(load: () => Promise<{ items: ResponseListItem[]; nextCursor: string | null }>): Promise<Listed> {
  try {
    const { items, nextCursor } = await load();
    return { items: await withPreviews(items), nextCursor, problems: [] };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "validation_error") throw error;
    const details = Array.isArray(error.details)
      ? (error.details as Array<{ path?: unknown[]; message?: string }>)
      : [];
    const problems = details.map((d) => `${d.path?.join(".") || "filter"}: ${d.message ?? "not valid"}`);
    return { items: [], nextCursor: null, problems: problems.length > 0 ? problems : [error.message] };
  }
}

export default async function ReviewQueuePage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const project = await orNotFound(getProject(actor, slug, "review"));
  const filters = readFilters(query);
  const secondOpinion = filters.secondOpinion === "pending";
  const { items, nextCursor, problems } = await list(() =>
    listResponses(actor, project.id, parseQueryValues(ListResponsesQuery, filters)),
  );
  const basePath = `/review/${project.slug}`;
  const { labeler: _labeler, ...others } = filters;
  const otherQuery = new URLSearchParams(others as Record<string, string>).toString();
  const status = filters.status ?? (secondOpinion ? "all" : "submitted");
  const reviewed = typeof query.reviewed === "string" ? query.reviewed : undefined;

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / {project.name}
      </nav>
      <div className="row">
        <h1>{project.name}</h1>
        {project.blindReview && <span className="badge">Blind review: authors shown as pseudonyms</span>}
        <span className="spacer" />
        <Link href={`/projects/${project.slug}/prompts`} className="button button-small">
          Find prompts and responses
        </Link>
      </div>
      <ReviewedNotice reviewed={reviewed} undo={typeof query.undo === "string" ? query.undo : undefined} />
      <QueueTabs basePath={basePath} secondOpinion={secondOpinion} ranking={project.responsesPerPrompt > 1} />
      {secondOpinion && (
        <p className="small muted">
          Decided responses chosen for an independent second opinion that you may give. You will not see the first
          decision until you have given yours.
        </p>
      )}
      <QueueFilterForm
        key={JSON.stringify(filters)}
        basePath={basePath}
        filters={filters}
        blind={project.blindReview && actor.role !== "admin"}
      />
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>These filters cannot be used:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {items.length === 0 ? (
        problems.length === 0 && (
          <p className="muted">
            {secondOpinion ? "No second opinions are waiting for you." : "No responses match these filters."}
          </p>
        )
      ) : (
        // Keyed by the filters so a new filter starts a fresh list instead of keeping loaded pages.
        <ResponseTable
          key={JSON.stringify(filters)}
          projectSlug={project.slug}
          query={filters as Record<string, string>}
          showStatus={status !== "submitted"}
          labelerBase={otherQuery ? `${basePath}?${otherQuery}` : basePath}
          initial={items}
          initialCursor={nextCursor}
        />
      )}
    </main>
  );
}
