import "server-only";
import { prisma } from "@/lib/db";

/** Where a project's prompts and responses stand (counts are bigint). */
export type ProgressRow = {
  with_accepted: bigint;
  submitted: bigint;
  accepted: bigint;
  rejected: bigint;
  needs_revision: bigint;
};

/**
 * One row, from the summaries (decision 021): the labelers' status counts and the prompt states, whatever the
 * project holds. Which prompts are done or in review is decided elsewhere, once (lib/projects/prompt-progress.ts).
 */
export async function progressRow(projectId: string): Promise<ProgressRow | undefined> {
  const [row] = await prisma.$queryRaw<ProgressRow[]>`
    SELECT (SELECT coalesce(sum(prompts), 0) FROM analytics_prompt_states
             WHERE project_id = ${projectId}::uuid AND accepted)::bigint AS with_accepted,
           coalesce(sum(l.submitted), 0)::bigint AS submitted,
           coalesce(sum(l.accepted), 0)::bigint AS accepted,
           coalesce(sum(l.rejected), 0)::bigint AS rejected,
           coalesce(sum(l.needs_revision), 0)::bigint AS needs_revision
      FROM analytics_labelers l WHERE l.project_id = ${projectId}::uuid`;
  return row;
}

/** One UTC day's first submits and primary decisions (counts are bigint); `date` is YYYY-MM-DD. */
export type DailyRow = { date: string; submitted: bigint; accepted: bigint; rejected: bigint; revise: bigint };

/**
 * One row per UTC day from the project's first submit or decision to its last, quiet days as zeros, from
 * the per-day summaries (one row per day and active user). `submitted` counts first submits (a resubmit
 * keeps its response's submit time); `accepted` counts accepts and edits.
 */
export function dailyRows(projectId: string): Promise<DailyRow[]> {
  return prisma.$queryRaw<DailyRow[]>`
    WITH days AS (
      SELECT day, sum(submitted) AS submitted, sum(accepted) AS accepted, sum(rejected) AS rejected, sum(revise) AS revise
        FROM analytics_days WHERE project_id = ${projectId}::uuid
       GROUP BY day
      HAVING sum(submitted) <> 0 OR sum(accepted) <> 0 OR sum(rejected) <> 0 OR sum(revise) <> 0
    ), span AS (
      SELECT min(day) AS first, max(day) AS last FROM days
    )
    SELECT to_char(g.day, 'YYYY-MM-DD') AS date,
           coalesce(d.submitted, 0)::bigint AS submitted,
           coalesce(d.accepted, 0)::bigint AS accepted,
           coalesce(d.rejected, 0)::bigint AS rejected,
           coalesce(d.revise, 0)::bigint AS revise
      FROM span
     CROSS JOIN LATERAL generate_series(span.first::timestamp, span.last::timestamp, interval '1 day') AS g(day)
      LEFT JOIN days d ON d.day = g.day::date
     WHERE span.first IS NOT NULL
     ORDER BY g.day`;
}
