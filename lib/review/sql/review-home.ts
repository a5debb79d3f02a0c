import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { pendingSecondOpinionSql } from "@/lib/review/sql/second-opinion";

/**
 * Each prompt's responses (`per_prompt`: prompt_id, project_id, `others` = responses the actor did not
 * write, `ids` = every response id as JSON text), over the responses `where` selects.
 */
function perPromptSql(actorId: string, where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`per_prompt AS (
      SELECT r.project_id, r.prompt_id,
             count(*) FILTER (WHERE r.author_id <> ${actorId}::uuid) AS others,
             jsonb_agg(r.id::text) AS ids
        FROM responses r
       WHERE ${where}
       GROUP BY r.project_id, r.prompt_id)`;
}

/**
 * A prompt of `per_prompt pp` (joined to `prompts pr`) waits for the actor's ranking (docs/review.md,
 * "The ranking queue"): one slot (only those give preference pairs), two or more responses the actor
 * did not write, not ranked by the actor, and no ranking by anyone that includes every response it has.
 */
function waitsForRankingSql(actorId: string): Prisma.Sql {
  return Prisma.sql`pr.slot_count = 1 AND pp.others >= 2
    AND NOT EXISTS (SELECT 1 FROM rankings rk
                     WHERE rk.prompt_id = pp.prompt_id
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
 * Every project `projects` selects (a condition on `p`), with the actor's queues in it, in three
 * grouped passes however many projects there are.
 */
export function reviewHomeRows(actorId: string, projects: Prisma.Sql): Promise<ReviewHomeRow[]> {
  return prisma.$queryRaw<ReviewHomeRow[]>`
    WITH mine AS (
      SELECT p.id, p.slug, p.name, p.description, p.status::text AS status, p.responses_per_prompt, p.created_at
        FROM projects p WHERE ${projects}
    ), queues AS (
      SELECT r.project_id,
             count(*) FILTER (WHERE r.status = 'submitted' AND r.author_id <> ${actorId}::uuid) AS waiting,
             count(*) FILTER (WHERE r.status = 'submitted' AND r.author_id = ${actorId}::uuid) AS own_waiting,
             count(*) FILTER (WHERE ${pendingSecondOpinionSql(actorId)}) AS second_opinions
        FROM responses r JOIN mine ON mine.id = r.project_id
       WHERE r.status = 'submitted' OR (r.second_opinion AND r.status IN ('accepted', 'rejected'))
       GROUP BY r.project_id
    ), ${perPromptSql(
      actorId,
      // Only projects that ask for several responses per prompt have any to compare.
      Prisma.sql`r.project_id IN (SELECT id FROM mine WHERE responses_per_prompt > 1)`,
    )}, to_rank AS (
      SELECT pp.project_id, count(*) AS n
        FROM per_prompt pp JOIN prompts pr ON pr.id = pp.prompt_id
       WHERE ${waitsForRankingSql(actorId)}
       GROUP BY pp.project_id
    )
    SELECT mine.id, mine.slug, mine.name, mine.description, mine.status, mine.responses_per_prompt,
           coalesce(q.waiting, 0)::int AS waiting, coalesce(q.own_waiting, 0)::int AS own_waiting,
           coalesce(q.second_opinions, 0)::int AS second_opinions, coalesce(t.n, 0)::int AS to_rank
      FROM mine
      LEFT JOIN queues q ON q.project_id = mine.id
      LEFT JOIN to_rank t ON t.project_id = mine.id
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
    WITH ${perPromptSql(actorId, Prisma.sql`r.project_id = ${projectId}::uuid`)}
    SELECT pr.id, pr.seq, pr.external_id, pr.messages, pp.others::int AS responses
      FROM per_prompt pp JOIN prompts pr ON pr.id = pp.prompt_id
     WHERE ${waitsForRankingSql(actorId)} AND pr.seq > ${afterSeq ?? 0}
     ORDER BY pr.seq
     LIMIT ${limit}`;
}
