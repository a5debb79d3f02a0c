import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { listResponses } from "@/lib/review/responses";
import { rankingQueue } from "@/lib/review/review-home";
import { previewText, promptQuestion } from "@/lib/review/previews";
import { orNotFound } from "@/lib/pages/or-not-found";
import { Markdown } from "@/components/markdown";
import { StatusRegion } from "@/components/forms/form-message";
import { PromptContext, ResponseColumns } from "@/components/review/response-columns";
import { RankingForm } from "@/components/review/ranking-form";
import styles from "@/components/review/ranking-queue.module.css";
import { parseQueryValues } from "@/lib/query-params";
import { ListResponsesQuery } from "@/lib/review/schemas";

export const metadata: Metadata = { title: "Rank responses" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ ranked?: string }> };

/**
 * The ranking queue: the first prompt waiting for the caller's ranking, its responses side by side
 * and the ranking form; saving goes on to the next one. The prompts after it are listed below.
 */
export default async function RankingQueuePage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ slug }, { ranked }] = await Promise.all([params, searchParams]);
  const project = await orNotFound(getProject(actor, slug, "review"));
  const { items, nextCursor } = await rankingQueue(actor, project.id, { limit: 11 });
  const [current, ...later] = items;
  const { items: responses } = current
    ? await listResponses(
        actor,
        project.id,
        parseQueryValues(ListResponsesQuery, { prompt: current.promptId, status: "all", limit: 100 }),
      )
    : { items: [] };
  const columns = responses.map((r, i) => ({
    id: r.id,
    letter: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ""),
    author: r.author.name,
    status: r.status,
    turns: r.turns,
  }));
  const self = `/review/${project.slug}/rank`;

  return (
    <main className="page page-wide stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / <Link href={`/review/${project.slug}`}>{project.name}</Link> / Rank
      </nav>
      <h1>Rank responses</h1>
      <StatusRegion>{ranked === "1" && <p className="alert alert-ok">Ranking saved.</p>}</StatusRegion>
      {!current ? (
        <p className="alert alert-info">
          No prompt in {project.name} waits for your ranking: each has fewer than two responses you may rank, or a
          ranking of all its responses already.
        </p>
      ) : (
        <>
          <p className="small muted">
            {later.length === 0
              ? "The last prompt waiting for your ranking."
              : `${later.length}${nextCursor ? "+" : ""} more after this one.`}{" "}
            Prompts with two or more responses wait here until someone ranks all of them.
          </p>
          <section className="card stack" aria-labelledby="prompt-heading">
            <h2 id="prompt-heading">The prompt</h2>
            <PromptContext messages={current.messages} />
          </section>
          <ResponseColumns responses={columns} />
          <section className="card stack" aria-labelledby="ranking-heading">
            <h2 id="ranking-heading">Your ranking, best first</h2>
            <RankingForm
              key={current.promptId}
              promptId={current.promptId}
              responses={columns.map(({ id, letter, author }) => ({ id, letter, author }))}
              saved={null}
              afterSave={`${self}?ranked=1`}
            />
          </section>
          {later.length > 0 && (
            <section className="stack" aria-labelledby="later-heading">
              <h2 id="later-heading">Next in the queue</h2>
              <ol className={styles.later}>
                {later.map((item) => (
                  <li key={item.promptId} className={`card ${styles.laterItem}`}>
                    <Markdown className={styles.clamp}>{previewText(promptQuestion(item.messages))}</Markdown>
                    <span className="small muted">{item.responses} responses</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
        </>
      )}
    </main>
  );
}
