import "server-only";
import { prisma } from "@/lib/db";

/** One reviewer's reviews in one project: primary decisions by kind, and second opinions (counts are bigint). */
export type ReviewerStatsRow = {
  id: string;
  name: string;
  decisions: bigint;
  accept: bigint;
  reject: bigint;
  revise: bigint;
  edit: bigint;
  second_opinions: bigint;
  median_duration_ms: number | null;
};

/** One row per reviewer of the project's responses, ordered by name. */
export function reviewerStatsRows(projectId: string): Promise<ReviewerStatsRow[]> {
  return prisma.$queryRaw<ReviewerStatsRow[]>`
    SELECT u.id, u.name,
           count(*) FILTER (WHERE NOT v.second_opinion) AS decisions,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'accept') AS accept,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'reject') AS reject,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'revise') AS revise,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'edit') AS edit,
           count(*) FILTER (WHERE v.second_opinion) AS second_opinions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY v.duration_ms) AS median_duration_ms
      FROM reviews v
      JOIN responses r ON r.id = v.response_id
      JOIN users u ON u.id = v.reviewer_id
     WHERE r.project_id = ${projectId}::uuid
     GROUP BY u.id, u.name
     ORDER BY u.name, u.id`;
}
