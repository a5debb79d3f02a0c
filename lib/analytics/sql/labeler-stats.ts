import "server-only";
import { prisma } from "@/lib/db";

/** One labeler's responses in one project, counted by status (counts are bigint), from the summaries. */
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
  /** Over accepted responses with a later revision: the sum of their stored edit distances. */
  edit_distance_sum: number;
  edited_by_reviewer: bigint;
};

/** One row per author of the project's responses, ordered by name: one summary row each. */
export function labelerStatsRows(projectId: string): Promise<LabelerStatsRow[]> {
  return prisma.$queryRaw<LabelerStatsRow[]>`
    SELECT u.id, u.name,
           l.responses AS submitted,
           l.accepted + l.rejected AS decided,
           l.accepted, l.rejected, l.revised, l.needs_revision,
           l.edit_distance_sum, l.edited_by_reviewer
      FROM analytics_labelers l
      JOIN users u ON u.id = l.user_id
     WHERE l.project_id = ${projectId}::uuid AND l.responses > 0
     ORDER BY u.name, u.id`;
}
