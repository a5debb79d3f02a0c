import "server-only";
import { prisma } from "@/lib/db";

/** One labeler's responses in one project, counted by status (counts are bigint). */
export type LabelerStatsRow = {
  id: string;
  name: string;
  submitted: bigint;
  decided: bigint;
  accepted: bigint;
  rejected: bigint;
  /** Decided responses a reviewer had sent back at least once. */
  revised: bigint;
  needs_revision: bigint;
  median_active_ms: number | null;
  median_tokens: number | null;
};

/** One row per author of the project's responses, ordered by name. */
export function labelerStatsRows(projectId: string): Promise<LabelerStatsRow[]> {
  return prisma.$queryRaw<LabelerStatsRow[]>`
    SELECT u.id, u.name,
           count(*) AS submitted,
           count(*) FILTER (WHERE r.status IN ('accepted', 'rejected')) AS decided,
           count(*) FILTER (WHERE r.status = 'accepted') AS accepted,
           count(*) FILTER (WHERE r.status = 'rejected') AS rejected,
           count(*) FILTER (WHERE r.status IN ('accepted', 'rejected') AND sent_back.response_id IS NOT NULL) AS revised,
           count(*) FILTER (WHERE r.status = 'needs_revision') AS needs_revision,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.active_ms) AS median_active_ms,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.token_count) AS median_tokens
      FROM responses r
      JOIN users u ON u.id = r.author_id
      LEFT JOIN (SELECT DISTINCT v.response_id
                   FROM reviews v JOIN responses x ON x.id = v.response_id
                  WHERE x.project_id = ${projectId}::uuid AND v.decision = 'revise' AND NOT v.second_opinion
                ) sent_back ON sent_back.response_id = r.id
     WHERE r.project_id = ${projectId}::uuid
     GROUP BY u.id, u.name
     ORDER BY u.name, u.id`;
}
