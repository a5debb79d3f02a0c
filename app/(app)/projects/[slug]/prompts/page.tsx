import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { SearchPromptsQuery } from "@/lib/search/schemas";
import { searchPrompts } from "@/lib/search/search-prompts";
import { projectToBrowse } from "@/lib/search/project-page";
import { BrowseTabs } from "@/components/search/browse-tabs";
import { Pager } from "@/components/search/pager";
import { PromptResults } from "@/components/search/prompt-results";
import { PromptSearchForm } from "@/components/search/prompt-search-form";
import { queryProblems, readQuery } from "@/components/search/read-query";

export const metadata: Metadata = { title: "Prompts" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const KEYS = ["q", "status", "since", "until", "cursor"] as const;

/** A project's prompts: search by words or id, filter, page; each opens the prompt with everything. */
export default async function PromptsPage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ slug }, raw] = await Promise.all([params, searchParams]);
  const project = await projectToBrowse(actor, slug);
  const query = readQuery(raw, KEYS);
  const parsed = SearchPromptsQuery.safeParse(query);
  const { items, nextCursor } = parsed.success
    ? await searchPrompts(actor, project.id, parsed.data)
    : { items: [], nextCursor: null };
  const problems = parsed.success ? [] : queryProblems(parsed.error.issues);
  const basePath = `/projects/${project.slug}/prompts`;
  const searching = Boolean(query.q || query.status || query.since || query.until);

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        {actor.role === "admin" ? (
          <Link href={`/admin/projects/${project.slug}`}>{project.name}</Link>
        ) : (
          <Link href={`/review/${project.slug}`}>{project.name}</Link>
        )}{" "}
        / Prompts
      </nav>
      <h1>Prompts of {project.name}</h1>
      <BrowseTabs slug={project.slug} current="prompts" />
      <PromptSearchForm key={JSON.stringify(query)} basePath={basePath} values={query} />
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
          <p className="muted">{searching ? "No prompt matches this search." : "This project has no prompts yet."}</p>
        )
      ) : (
        <>
          <PromptResults items={items} />
          <Pager
            basePath={basePath}
            query={query}
            shown={items.length}
            nextCursor={nextCursor}
            what={["prompt", "prompts"]}
          />
        </>
      )}
    </main>
  );
}
