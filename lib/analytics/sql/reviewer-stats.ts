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
};

/** One row per reviewer of the project's responses, ordered by name: one summary row each. */
export function reviewerStatsRows(projectId: string): Promise<ReviewerStatsRow[]> {
  return prisma.$queryRaw<ReviewerStatsRow[]>`
    SELECT u.id, u.name,
           r.accept + r.reject + r.revise + r.edit AS decisions,
           r.accept, r.reject, r.revise, r.edit, r.second_opinions
      FROM analytics_reviewers r
      JOIN users u ON u.id = r.user_id
     WHERE r.project_id = ${projectId}::uuid AND r.accept + r.reject + r.revise + r.edit + r.second_opinions > 0
     ORDER BY u.name, u.id`;
}
