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
 * One row, whatever the project holds. Which prompts are done or in review is decided elsewhere, once
 * (lib/projects/prompt-progress.ts).
 */
export async function progressRow(projectId: string): Promise<ProgressRow | undefined> {
  const [row] = await prisma.$queryRaw<ProgressRow[]>`
    WITH per_prompt AS (
      SELECT pr.id,
             count(r.id) FILTER (WHERE r.status = 'accepted') AS accepted
        FROM prompts pr
        LEFT JOIN responses r ON r.prompt_id = pr.id
       WHERE pr.project_id = ${projectId}::uuid
       GROUP BY pr.id
    ), statuses AS (
      SELECT count(*) FILTER (WHERE status = 'submitted') AS submitted,
             count(*) FILTER (WHERE status = 'accepted') AS accepted,
             count(*) FILTER (WHERE status = 'rejected') AS rejected,
             count(*) FILTER (WHERE status = 'needs_revision') AS needs_revision
        FROM responses WHERE project_id = ${projectId}::uuid
    )
    SELECT (SELECT count(*) FROM per_prompt WHERE accepted > 0) AS with_accepted,
           statuses.*
      FROM statuses`;
  return row;
}

/** One UTC day's first submits and primary decisions (counts are bigint); `date` is YYYY-MM-DD. */
export type DailyRow = { date: string; submitted: bigint; accepted: bigint; rejected: bigint; revise: bigint };

/**
 * One row per UTC day from the project's first submit or decision to its last, quiet days as zeros.
 * `submitted` counts first submits (a resubmit keeps its response's submit time); `accepted` counts
 * accepts and edits.
 */
export function dailyRows(projectId: string): Promise<DailyRow[]> {
  return prisma.$queryRaw<DailyRow[]>`
    WITH submits AS (
      SELECT (submitted_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
        FROM responses WHERE project_id = ${projectId}::uuid GROUP BY 1
    ), decisions AS (
      SELECT (v.created_at AT TIME ZONE 'UTC')::date AS day,
             count(*) FILTER (WHERE v.decision IN ('accept', 'edit')) AS accepted,
             count(*) FILTER (WHERE v.decision = 'reject') AS rejected,
             count(*) FILTER (WHERE v.decision = 'revise') AS revise
        FROM reviews v JOIN responses r ON r.id = v.response_id
       WHERE r.project_id = ${projectId}::uuid AND NOT v.second_opinion
       GROUP BY 1
    ), span AS (
      SELECT min(day) AS first, max(day) AS last FROM (SELECT day FROM submits UNION ALL SELECT day FROM decisions) d
    )
    SELECT to_char(g.day, 'YYYY-MM-DD') AS date,
           coalesce(s.n, 0) AS submitted,
           coalesce(d.accepted, 0) AS accepted,
           coalesce(d.rejected, 0) AS rejected,
           coalesce(d.revise, 0) AS revise
      FROM span
     CROSS JOIN LATERAL generate_series(span.first::timestamp, span.last::timestamp, interval '1 day') AS g(day)
      LEFT JOIN submits s ON s.day = g.day::date
      LEFT JOIN decisions d ON d.day = g.day::date
     WHERE span.first IS NOT NULL
     ORDER BY g.day`;
}
