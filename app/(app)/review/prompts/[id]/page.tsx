import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { requireActor } from "@/lib/auth/current-user";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getProject } from "@/lib/projects/projects";
import { getPromptDetail, type PromptDetail } from "@/lib/search/prompt-detail";
import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { PromptContext, ResponseColumns } from "@/components/review/response-columns";
import { RankingForm } from "@/components/review/ranking-form";
import { ReviewHistory } from "@/components/review/response-facts";
import { Revisions } from "@/components/review/revisions";
import { ModelDraftChanges } from "@/components/review/model-draft-changes";
import { StatusBadge } from "@/components/review/status-badge";
import styles from "@/components/search/search.module.css";

export const metadata: Metadata = { title: "Prompt" };

/** A, B, …, Z, A1, B1, …: the names responses go by on this page and in the ranking. */
const letterOf = (i: number) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");

/** The prompt, or the 404 / 403 page (a labeler of the project may not open it). */
function load(actor: Parameters<typeof getPromptDetail>[0], id: string): Promise<PromptDetail> {
  return orNotFound(getPromptDetail(actor, id));
}

/** "A > B = C": a ranking in the page's letters, ties as "=". */
function rankingInWords(responseIds: string[], ranks: number[], letters: Map<string, string>): string {
  return responseIds
    .map((id, i) => `${i === 0 ? "" : ranks[i] === ranks[i - 1] ? " = " : " > "}${letters.get(id) ?? "?"}`)
    .join("");
}

/**
 * The prompt with everything done with it: its messages and metadata, every response with its
 * revisions and reviews, the rankings, and the caller's own ranking to make or change.
 */
export default async function PromptPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor("review");
  const { id } = await params;
  const prompt = await load(actor, id);
  const project = await getProject(actor, prompt.project.id, "review");
  const letters = new Map(prompt.responses.map((r, i) => [r.id, letterOf(i)]));
  const columns = prompt.responses.map((r) => ({
    id: r.id,
    letter: letters.get(r.id)!,
    author: r.author.name,
    status: r.status,
    turns: r.turns,
  }));
  // Nobody ranks their own response.
  const rankable = columns.filter((c) => prompt.responses.find((r) => r.id === c.id)?.author.id !== actor.id);
  const mine = prompt.rankings.find((r) => r.mine);
  const others = prompt.rankings.filter((r) => !r.mine);
  const metadataEntries = Object.entries(prompt.metadata);
  const name = prompt.externalId ?? `prompt ${prompt.id.slice(0, 8)}`;

  return (
    // Side-by-side columns need the whole width; one response reads better at the usual measure.
    <main className={`page stack${prompt.responses.length > 1 ? " page-wide" : ""}`}>
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / <Link href={`/review/${prompt.project.slug}`}>{prompt.project.name}</Link>{" "}
        / <Link href={`/projects/${prompt.project.slug}/prompts`}>Prompts</Link>
      </nav>
      <h1>
        Prompt <code>{name}</code>
      </h1>
      <section className="card stack" aria-labelledby="prompt-heading">
        <h2 id="prompt-heading">The prompt</h2>
        <PromptContext
          messages={prompt.messages}
          slotNote={(slot) =>
            prompt.responses.length > 1
              ? `Turn ${slot} of the responses: see the columns below.`
              : prompt.responses.length === 1
                ? `Turn ${slot} of the response: see below.`
                : `Turn ${slot}: not written yet.`
          }
        />
        <ul className={styles.facts}>
          <li>
            imported <LocalTime value={prompt.createdAt} />
          </li>
          <li>
            {prompt.turns} {prompt.turns === 1 ? "turn" : "turns"} to write
          </li>
          <li>
            {prompt.responses.length} of {prompt.project.responsesPerPrompt}{" "}
            {prompt.project.responsesPerPrompt === 1 ? "response" : "responses"}
          </li>
          <li>
            id <code>{prompt.id}</code>
          </li>
        </ul>
        {metadataEntries.length > 0 && (
          <>
            <h3>Metadata</h3>
            <dl className={styles.metadata}>
              {metadataEntries.map(([key, value]) => (
                <Fragment key={key}>
                  <dt>{key}</dt>
                  <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                </Fragment>
              ))}
            </dl>
          </>
        )}
      </section>

      {prompt.responses.length === 0 && <p className="muted">Nobody has answered this prompt yet.</p>}
      {prompt.responses.length > 1 && <ResponseColumns responses={columns} />}

      {prompt.responses.map((r) => {
        const letter = letters.get(r.id)!;
        return (
          <section key={r.id} className="card stack" aria-labelledby={`response-${r.id}`}>
            <div className={styles.responseHeader}>
              <h2 id={`response-${r.id}`}>
                Response {letter} by {r.author.name}
              </h2>
              <StatusBadge status={r.status} />
              <span className="small muted">
                revision {r.revision}, submitted <LocalTime value={r.submittedAt} />
                {r.guidelinesVersion !== null && `, guidelines v${r.guidelinesVersion}`}
              </span>
              <span className="spacer" />
              <Link href={`/review/responses/${r.id}`} className="button button-small">
                {r.canReview ? `Review ${letter}` : `Open ${letter}`}
              </Link>
            </div>
            {prompt.responses.length === 1 &&
              r.turns.map((turn, i) => (
                <div key={i}>
                  {r.turns.length > 1 && <div className="small muted">Turn {i + 1}</div>}
                  <Markdown>{turn}</Markdown>
                </div>
              ))}
            {r.modelDrafts.length > 0 && (
              <>
                <h3>Changes from the model draft</h3>
                <ModelDraftChanges drafts={r.modelDrafts} turnCount={r.turns.length} />
              </>
            )}
            <h3>Revisions</h3>
            <Revisions revisions={r.revisions} />
            <h3>Reviews</h3>
            {r.canReview === "second_opinion" && actor.role !== "admin" ? (
              <p className="small muted">Give your second opinion first: the reviews show after it.</p>
            ) : (
              <ReviewHistory reviews={r.reviews} rubric={project.rubric} />
            )}
          </section>
        );
      })}

      {prompt.responses.length > 1 && (
        <section className="card stack" aria-labelledby="rankings-heading">
          <h2 id="rankings-heading">Rankings</h2>
          {others.length > 0 ? (
            <ul className={styles.rankings}>
              {others.map((r) => (
                <li key={r.id}>
                  {r.reviewer.name}: {rankingInWords(r.responseIds, r.ranks, letters)}{" "}
                  <span className="small muted">
                    (<LocalTime value={r.updatedAt} />)
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="small muted">
              {actor.role === "admin" || mine
                ? "No other reviewer has ranked these responses."
                : "Other reviewers' rankings show once you have saved yours."}
            </p>
          )}
          {rankable.length >= 2 && (
            <>
              <h3>Your ranking, best first</h3>
              <RankingForm
                promptId={prompt.id}
                responses={rankable.map(({ id, letter, author }) => ({ id, letter, author }))}
                saved={mine ? { responseIds: mine.responseIds, updatedAt: mine.updatedAt.toISOString() } : null}
              />
            </>
          )}
        </section>
      )}
    </main>
  );
}
