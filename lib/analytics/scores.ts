import "server-only";
import { prisma } from "@/lib/db";

type Row = { author_id: string; criterion: string; mean: number };

/**
 * Author → criterion → mean score over the primary reviews of their responses in one project
 * (second opinions are left out: they measure the reviewers, not the writing). One grouped query.
 */
export async function meanScoresBy(projectId: string): Promise<Map<string, Record<string, number>>> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT r.author_id, s.key AS criterion, avg(s.value::text::numeric)::float8 AS mean
      FROM reviews v
      JOIN responses r ON r.id = v.response_id
     CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(v.scores) = 'object' THEN v.scores ELSE '{}'::jsonb END) s
     WHERE r.project_id = ${projectId}::uuid AND NOT v.second_opinion AND jsonb_typeof(s.value) = 'number'
     GROUP BY r.author_id, s.key`;
  const byAuthor = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const scores = byAuthor.get(row.author_id) ?? byAuthor.set(row.author_id, {}).get(row.author_id)!;
    scores[row.criterion] = row.mean;
  }
  return byAuthor;
}
