import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import { projectFilterSql } from "@/lib/projects/access";
import type { PromptMessage } from "@/lib/conversation/types";
import { rankingQueueRows, reviewHomeRows } from "@/lib/review/sql/review-home";

/** One project on the reviewer's home, with what waits for this reviewer in it. */
export type ReviewHomeProject = {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: string;
  responsesPerPrompt: number;
  /** Submitted responses this reviewer may decide: everyone's but their own. */
  waiting: number;
  /** Submitted responses this reviewer wrote: another reviewer has to decide them. */
  ownWaiting: number;
  /** Decided responses chosen for a second opinion this reviewer may give. */
  secondOpinions: number;
  /** Prompts waiting for this reviewer's ranking (docs/review.md, "The ranking queue"). */
  toRank: number;
};

/**
 * The projects the actor may review (lib/projects/access.ts; archived ones are read-only and left
 * out), each with its queues for the actor. Counted with the same rules the queues list by, so the
 * home never says "nothing waits" while a queue has something for them.
 */
export async function reviewHome(actor: Actor): Promise<ReviewHomeProject[]> {
  assertCan(actor, "review");
  const projects = Prisma.sql`${projectFilterSql(actor, "review")} AND p.status <> 'archived'`;
  const rows = await reviewHomeRows(actor.id, projects);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    status: row.status,
    responsesPerPrompt: row.responses_per_prompt,
    waiting: row.waiting,
    ownWaiting: row.own_waiting,
    secondOpinions: row.second_opinions,
    toRank: row.to_rank,
  }));
}

export type RankingQueueItem = {
  promptId: string;
  externalId: string | null;
  messages: PromptMessage[];
  /** Responses the actor may rank. */
  responses: number;
};

/** The prompts of a project waiting for the actor's ranking, in import order, `limit` a page. */
export async function rankingQueue(
  actor: Actor,
  projectIdOrSlug: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<{ items: RankingQueueItem[]; nextCursor: string | null }> {
  assertCan(actor, "review");
  const project = await getProject(actor, projectIdOrSlug, "review");
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.cursor && /^\d{1,10}$/.test(options.cursor) ? Number(options.cursor) : undefined;
  const rows = await rankingQueueRows(actor.id, project.id, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      promptId: row.id,
      externalId: row.external_id,
      messages: row.messages as PromptMessage[],
      responses: row.responses,
    })),
    nextCursor: rows.length > limit && page.length > 0 ? String(page.at(-1)!.seq) : null,
  };
}

/** What waits for the actor across their projects: the reviewer's line on the app's home page. */
export async function reviewWaitingTotals(
  actor: Actor,
): Promise<{ waiting: number; secondOpinions: number; toRank: number }> {
  const projects = await reviewHome(actor);
  return {
    waiting: projects.reduce((n, p) => n + p.waiting, 0),
    secondOpinions: projects.reduce((n, p) => n + p.secondOpinions, 0),
    toRank: projects.reduce((n, p) => n + p.toRank, 0),
  };
}
