import "server-only";
import { dailyRows, progressRow } from "@/lib/analytics/sql/progress";
import type { DailyPoint, ProjectProgress } from "@/lib/analytics/types";
import { NO_PROMPTS, promptProgress } from "@/lib/projects/prompt-progress";

/**
 * Where a project's prompts stand: done, in review and remaining as lib/projects/prompt-progress.ts
 * defines them (the project list and this page must agree), and the responses by status.
 */
export async function projectProgress(projectId: string): Promise<ProjectProgress> {
  const [row, byProject] = await Promise.all([progressRow(projectId), promptProgress(projectId)]);
  const { prompts, done, inReview, remaining } = byProject.get(projectId) ?? NO_PROMPTS;
  return {
    prompts,
    done,
    inReview,
    remaining,
    withAccepted: Number(row?.with_accepted ?? 0),
    responses: {
      submitted: Number(row?.submitted ?? 0),
      accepted: Number(row?.accepted ?? 0),
      rejected: Number(row?.rejected ?? 0),
      needs_revision: Number(row?.needs_revision ?? 0),
    },
  };
}

/**
 * One point per UTC day from the project's first submit or decision to its last, quiet days as
 * zeros so a chart's x axis is time. `submitted` counts first submits (a resubmit after a
 * revision keeps its response's submit time); decisions are primary reviews on the day made.
 */
export async function dailyActivity(projectId: string): Promise<DailyPoint[]> {
  const rows = await dailyRows(projectId);
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
