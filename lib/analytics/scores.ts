import "server-only";
import { meanScoreRows } from "@/lib/analytics/sql/scores";

/**
 * Author → criterion → mean score over the primary reviews of their responses in one project
 * (second opinions are left out: they measure the reviewers, not the writing). One grouped query.
 */
export async function meanScoresBy(projectId: string): Promise<Map<string, Record<string, number>>> {
  const rows = await meanScoreRows(projectId);
  const byAuthor = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const scores = byAuthor.get(row.author_id) ?? byAuthor.set(row.author_id, {}).get(row.author_id)!;
    scores[row.criterion] = row.mean;
  }
  return byAuthor;
}
