import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getPromptForReview } from "@/lib/projects/project-prompt";
import { getRanking } from "@/lib/review/rank-responses";
import { listResponses } from "@/lib/review/responses";
import { orNotFound } from "@/lib/pages/or-not-found";
import { PromptContext, ResponseColumns } from "@/components/review/response-columns";
import { RankingForm } from "@/components/review/ranking-form";

export const metadata: Metadata = { title: "Compare responses" };

/** The caller's saved ranking, or null when they have not ranked this prompt. */
async function savedRanking(load: () => Promise<{ responseIds: string[]; updatedAt: Date }>) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

export default async function ComparePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor("review");
  const { id } = await params;
  const prompt = await orNotFound(getPromptForReview(actor, id));
  const [{ items }, saved] = await Promise.all([
    listResponses(actor, prompt.project.id, { prompt: prompt.id, status: "all", limit: 100 }),
    savedRanking(() => getRanking(actor, prompt.id)),
  ]);
  const responses = items.map((r, i) => ({
    id: r.id,
    letter: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ""),
    author: r.author.name,
    status: r.status,
    turns: r.turns,
  }));

  return (
    <main className="page page-wide stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / <Link href={`/review/${prompt.project.slug}`}>{prompt.project.name}</Link>
      </nav>
      <h1>Compare responses to {prompt.externalId ?? "a prompt"}</h1>
      <section className="card stack" aria-labelledby="prompt-heading">
        <h2 id="prompt-heading">The prompt</h2>
        <PromptContext messages={prompt.messages} />
      </section>
      {responses.length < 2 ? (
        <p className="muted">
          There {responses.length === 1 ? "is one response" : "are no responses"} you can rank here yet
          {prompt.project.responsesPerPrompt > 1 ? `; the project asks for ${prompt.project.responsesPerPrompt}.` : "."}
        </p>
      ) : (
        <>
          <ResponseColumns responses={responses} />
          <section className="card stack" aria-labelledby="ranking-heading">
            <h2 id="ranking-heading">Your ranking, best first</h2>
            <RankingForm
              promptId={prompt.id}
              responses={responses.map(({ id, letter, author }) => ({ id, letter, author }))}
              saved={saved ? { responseIds: saved.responseIds, updatedAt: saved.updatedAt.toISOString() } : null}
            />
          </section>
        </>
      )}
    </main>
  );
}
