import "server-only";
import { prisma } from "@/lib/db";
import type { DailyPoint, ProjectProgress } from "@/lib/analytics/types";

type ProgressRow = {
  prompts: bigint;
  done: bigint;
  in_review: bigint;
  with_accepted: bigint;
  submitted: bigint;
  accepted: bigint;
  rejected: bigint;
  needs_revision: bigint;
};

/**
 * Where a project's prompts stand, in one query. A prompt is `remaining` while it has fewer
 * responses than responsesPerPrompt (a rejected response keeps its place, as in claiming),
 * `inReview` once every place is filled but a response awaits a decision, `done` when all are decided.
 */
export async function projectProgress(projectId: string, responsesPerPrompt: number): Promise<ProjectProgress> {
  const [row] = await prisma.$queryRaw<ProgressRow[]>`
    WITH per_prompt AS (
      SELECT pr.id,
             count(r.id) AS responses,
             count(r.id) FILTER (WHERE r.status IN ('submitted', 'needs_revision')) AS open,
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
    SELECT (SELECT count(*) FROM per_prompt) AS prompts,
           (SELECT count(*) FROM per_prompt WHERE responses >= ${responsesPerPrompt} AND open = 0) AS done,
           (SELECT count(*) FROM per_prompt WHERE responses >= ${responsesPerPrompt} AND open > 0) AS in_review,
           (SELECT count(*) FROM per_prompt WHERE accepted > 0) AS with_accepted,
           statuses.*
      FROM statuses`;
  const prompts = Number(row?.prompts ?? 0);
  const done = Number(row?.done ?? 0);
  const inReview = Number(row?.in_review ?? 0);
  return {
    prompts,
    done,
    inReview,
    remaining: prompts - done - inReview,
    withAccepted: Number(row?.with_accepted ?? 0),
    responses: {
      submitted: Number(row?.submitted ?? 0),
      accepted: Number(row?.accepted ?? 0),
      rejected: Number(row?.rejected ?? 0),
      needs_revision: Number(row?.needs_revision ?? 0),
    },
  };
}

type DailyRow = { date: string; submitted: bigint; accepted: bigint; rejected: bigint; revise: bigint };

/**
 * One point per UTC day from the project's first submit or decision to its last, quiet days as
 * zeros so a chart's x axis is time. `submitted` counts first submits (a resubmit after a
 * revision keeps its response's submit time); decisions are primary reviews on the day made.
 */
export async function dailyActivity(projectId: string): Promise<DailyPoint[]> {
  const rows = await prisma.$queryRaw<DailyRow[]>`
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
  return rows.map((row) => {
    const accepted = Number(row.accepted);
    const rejected = Number(row.rejected);
    const decided = accepted + rejected;
    return {
      date: row.date,
      submitted: Number(row.submitted),
      decided,
      accepted,
      rejected,
      revise: Number(row.revise),
      acceptanceRate: decided === 0 ? null : accepted / decided,
    };
  });
}
