import "server-only";
import { prisma } from "@/lib/db";

/** One labeler's responses in one project that started from a model draft (counts are bigint). */
export type ModelUseRow = {
  id: string;
  name: string;
  /** Responses with at least one turn started from a suggestion. */
  from_draft: bigint;
  /** Median over those responses of each one's share kept (the mean of its started turns'). */
  median_share_kept: number | null;
  /** Of those, the ones kept nearly whole and submitted faster than the rubber-stamp time. */
  rubber_stamped: bigint;
};

/** When a response counts as rubber-stamped (lib/analytics/model-use.ts, decision 019). */
export type RubberStampRule = { minShareKept: number; baseMs: number; msPerToken: number };

/**
 * Per author of the project's responses that started from a suggestion, ordered by name. Driven from
 * the project's suggestions (index on suggestions.project_id) through their provenance rows (index
 * on suggestion_id) to the responses (primary key): the work grows with the project's model use, not
 * with its responses, so a project of a million responses and a few drafts reads a few rows.
 */
export function modelUseRows(projectId: string, rule: RubberStampRule): Promise<ModelUseRow[]> {
  return prisma.$queryRaw<ModelUseRow[]>`
    WITH started AS (
      SELECT r.id, r.author_id, r.active_ms, r.token_count, avg(rp.share_kept) AS share_kept
        FROM suggestions s
        JOIN response_provenance rp ON rp.suggestion_id = s.id
        JOIN responses r ON r.id = rp.response_id
       -- No condition on responses.project_id: a suggestion is made for a task of its project, so its
       -- responses are that project's, and a condition there would let the planner walk the project's
       -- responses instead.
       WHERE s.project_id = ${projectId}::uuid
       GROUP BY r.id
    )
    SELECT u.id, u.name,
           count(*) AS from_draft,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY st.share_kept) AS median_share_kept,
           count(*) FILTER (
             WHERE st.share_kept >= ${rule.minShareKept}::float8
               AND st.active_ms < ${rule.baseMs}::float8 + ${rule.msPerToken}::float8 * st.token_count
           ) AS rubber_stamped
      FROM started st
      JOIN users u ON u.id = st.author_id
     GROUP BY u.id, u.name
     ORDER BY u.name, u.id`;
}
