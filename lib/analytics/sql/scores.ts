import "server-only";
import { prisma } from "@/lib/db";

export type MeanScoreRow = { author_id: string; criterion: string; mean: number };

/**
 * Per author and criterion, the mean score over the primary reviews of their responses in one project
 * (second opinions are left out: they measure the reviewers, not the writing); numbers only.
 */
export function meanScoreRows(projectId: string): Promise<MeanScoreRow[]> {
  return prisma.$queryRaw<MeanScoreRow[]>`
    SELECT r.author_id, s.key AS criterion, avg(s.value::text::numeric)::float8 AS mean
      FROM reviews v
      JOIN responses r ON r.id = v.response_id
     CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(v.scores) = 'object' THEN v.scores ELSE '{}'::jsonb END) s
     WHERE r.project_id = ${projectId}::uuid AND NOT v.second_opinion AND jsonb_typeof(s.value) = 'number'
     GROUP BY r.author_id, s.key`;
}
