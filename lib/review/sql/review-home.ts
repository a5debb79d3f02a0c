import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { COUNT_LIMIT } from "@/lib/bounded-count";
import { pendingSecondOpinionSql } from "@/lib/review/sql/second-opinion";

/**
 * The responses of the prompt `pr` (`pp`: `others` = responses the actor did not write, `ids` = every
 * response id as JSON text), read through the responses' prompt_id index for that prompt alone, so a walk
 * over prompts in order stops at its LIMIT instead of grouping every response of the project first.
 */
function promptResponsesSql(actorId: string): Prisma.Sql {
  return Prisma.sql`CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE r.author_id <> ${actorId}::uuid) AS others,
             jsonb_agg(r.id::text) AS ids
        FROM responses r
       WHERE r.prompt_id = pr.id) pp`;
}

/**
 * A prompt `pr` with its responses `pp` waits for the actor's ranking (docs/review.md, "The ranking queue"):
 * one slot (only those give preference pairs), two or more responses the actor did not write, not ranked by
 * the actor, and no ranking by anyone that includes every response it has.
 */
function waitsForRankingSql(actorId: string): Prisma.Sql {
  return Prisma.sql`pr.slot_count = 1 AND pp.others >= 2
    AND NOT EXISTS (SELECT 1 FROM rankings rk
                     WHERE rk.prompt_id = pr.id
                       AND (rk.reviewer_id = ${actorId}::uuid OR rk.response_ids @> pp.ids))`;
}

export type ReviewHomeRow = {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: string;
  responses_per_prompt: number;
  waiting: number;
  own_waiting: number;
  second_opinions: number;
  to_rank: number;
};

/**
 * Every project `projects` selects (a condition on `p`), with the actor's queues in it. Each queue is
 * counted up to COUNT_LIMIT through an index in queue order, so the cost does not grow with the
 * project's responses.
 */
export function reviewHomeRows(actorId: string, projects: Prisma.Sql): Promise<ReviewHomeRow[]> {
  const upTo = (rows: Prisma.Sql) => Prisma.sql`(SELECT count(*)::int FROM (${rows} LIMIT ${COUNT_LIMIT}) counted)`;
  return prisma.$queryRaw<ReviewHomeRow[]>`
    WITH mine AS (
      SELECT p.id, p.slug, p.name, p.description, p.status::text AS status, p.responses_per_prompt, p.created_at
        FROM projects p WHERE ${projects}
    )
    SELECT mine.id, mine.slug, mine.name, mine.description, mine.status, mine.responses_per_prompt,
           ${upTo(Prisma.sql`SELECT 1 FROM responses r
                              WHERE r.project_id = mine.id AND r.status = 'submitted' AND r.author_id <> ${actorId}::uuid`)} AS waiting,
           ${upTo(Prisma.sql`SELECT 1 FROM responses r
                              WHERE r.author_id = ${actorId}::uuid AND r.project_id = mine.id AND r.status = 'submitted'`)} AS own_waiting,
           ${upTo(Prisma.sql`SELECT 1 FROM responses r
                              WHERE r.project_id = mine.id AND ${pendingSecondOpinionSql(actorId)}`)} AS second_opinions,
           -- Only projects that ask for several responses per prompt have any to compare. In prompt order, so the
           -- walk reads the project's range of the (project_id, seq) index: unordered, PostgreSQL may scan every
           -- project's prompts in table order, which for a small project beside a big one reads the big one's.
           CASE WHEN mine.responses_per_prompt > 1
                THEN ${upTo(Prisma.sql`SELECT 1 FROM prompts pr ${promptResponsesSql(actorId)}
                                        WHERE pr.project_id = mine.id AND ${waitsForRankingSql(actorId)}
                                        ORDER BY pr.seq`)}
                ELSE 0 END AS to_rank
      FROM mine
     ORDER BY mine.created_at DESC, mine.id`;
}

export type RankingQueueRow = {
  id: string;
  seq: number;
  external_id: string | null;
  messages: Prisma.JsonValue;
  /** Responses the actor may rank (not their own). */
  responses: number;
};

/** The prompts of one project waiting for the actor's ranking, in import order, after `afterSeq`. */
export function rankingQueueRows(
  actorId: string,
  projectId: string,
  afterSeq: number | undefined,
  limit: number,
): Promise<RankingQueueRow[]> {
  return prisma.$queryRaw<RankingQueueRow[]>`
    SELECT pr.id, pr.seq, pr.external_id, pr.messages, pp.others::int AS responses
      FROM prompts pr ${promptResponsesSql(actorId)}
     WHERE pr.project_id = ${projectId}::uuid AND pr.seq > ${afterSeq ?? 0} AND ${waitsForRankingSql(actorId)}
     ORDER BY pr.seq
     LIMIT ${limit}`;
}
