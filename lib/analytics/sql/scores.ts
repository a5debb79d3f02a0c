import "server-only";
import { prisma } from "@/lib/db";

export type MeanScoreRow = { author_id: string; criterion: string; mean: number };

/**
 * Per author and criterion, the mean score over the primary reviews of their responses in one project
 * (second opinions are left out: they measure the reviewers, not the writing); numbers only. The sums are
 * exact numerics, so the mean is avg()'s, from one summary row per author and criterion.
 */
export function meanScoreRows(projectId: string): Promise<MeanScoreRow[]> {
  return prisma.$queryRaw<MeanScoreRow[]>`
    SELECT user_id AS author_id, criterion, (total / n)::float8 AS mean
      FROM analytics_scores
     WHERE project_id = ${projectId}::uuid AND n > 0`;
}
