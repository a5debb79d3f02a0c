import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { listResponses } from "@/lib/review/responses";
import type { ResponseListItem } from "@/lib/review/response-view";
import { projectToBrowse } from "@/lib/search/project-page";
import { BrowseTabs } from "@/components/search/browse-tabs";
import { Pager } from "@/components/search/pager";
import { queryProblems, readQuery } from "@/components/search/read-query";
import { ResponseResults } from "@/components/search/response-results";
import { RESPONSE_SEARCH_KEYS, ResponseSearchForm } from "@/components/search/response-search-form";
import { parseQueryValues } from "@/lib/query-params";
import { ListResponsesQuery } from "@/lib/review/schemas";

export const metadata: Metadata = { title: "Responses" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

type Listed = { items: ResponseListItem[]; nextCursor: string | null; problems: string[] };

/** The page of the list; a filter the lib refuses (a bad date, a user id under blind review) is shown, not thrown. */
async function list(load: () => Promise<{ items: ResponseListItem[]; nextCursor: string | null }>): Promise<Listed> {
  try {
    return { ...(await load()), problems: [] };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "validation_error") throw error;
    const details = Array.isArray(error.details)
      ? (error.details as Array<{ path?: PropertyKey[]; message?: string }>)
      : [];
    return { items: [], nextCursor: null, problems: queryProblems(details) };
  }
}

/**
 * A project's responses, every status by default: the review list's filters and search, for finding
 * rather than deciding. The caller's own responses are not listed (they are in My work).
 */
export default async function ResponsesPage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ slug }, raw] = await Promise.all([params, searchParams]);
  const project = await projectToBrowse(actor, slug);
  const query = readQuery(raw, [...RESPONSE_SEARCH_KEYS, "cursor"]);
  const { items, nextCursor, problems } = await list(() =>
    listResponses(actor, project.id, parseQueryValues(ListResponsesQuery, { ...query, status: query.status ?? "all" })),
  );
  const basePath = `/projects/${project.slug}/responses`;
  const { cursor: _cursor, ...filters } = query;
  const searching = Object.keys(filters).length > 0;

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        {actor.role === "admin" ? (
          <Link href={`/admin/projects/${project.slug}`}>{project.name}</Link>
        ) : (
          <Link href={`/review/${project.slug}`}>{project.name}</Link>
        )}{" "}
        / Responses
      </nav>
      <h1>Responses of {project.name}</h1>
      <BrowseTabs slug={project.slug} current="responses" />
      <ResponseSearchForm
        key={JSON.stringify(query)}
        basePath={basePath}
        values={query}
        blind={project.blindReview && actor.role !== "admin"}
      />
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>This search cannot be run:</p>
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
            {searching ? "No response matches this search." : "Nobody else has submitted a response here yet."}
          </p>
        )
      ) : (
        <>
          <ResponseResults items={items} />
          <Pager
            basePath={basePath}
            query={query}
            shown={items.length}
            nextCursor={nextCursor}
            what={["response", "responses"]}
          />
        </>
      )}
    </main>
  );
}
