import "server-only";
import { prisma } from "@/lib/db";
import { turnsEditDistance } from "@/lib/review/edit-distance";

type Row = { author_id: string; first: unknown; final: unknown; edited_by_reviewer: boolean };

export type EditDistances = { sum: number; editedByReviewer: number };

/**
 * Author → the sum of normalised edit distances between the text they first submitted
 * (revision 1) and the final text, over their accepted responses, and how many of those a
 * reviewer edited. Only responses that have a later revision are fetched: the others are
 * unchanged (distance 0), so the caller divides by the number accepted.
 */
export async function editDistancesBy(projectId: string): Promise<Map<string, EditDistances>> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT r.author_id, first.turns AS first, r.turns AS final,
           coalesce(last.author_id <> r.author_id, false) AS edited_by_reviewer
      FROM responses r
      JOIN response_revisions first ON first.response_id = r.id AND first.number = 1
      LEFT JOIN response_revisions last ON last.response_id = r.id AND last.number = r.revision
     WHERE r.project_id = ${projectId}::uuid AND r.status = 'accepted' AND r.revision > 1`;
  const byAuthor = new Map<string, EditDistances>();
  for (const row of rows) {
    const entry =
      byAuthor.get(row.author_id) ?? byAuthor.set(row.author_id, { sum: 0, editedByReviewer: 0 }).get(row.author_id)!;
    entry.sum += turnsEditDistance(row.first as string[], row.final as string[]);
    if (row.edited_by_reviewer) entry.editedByReviewer += 1;
  }
  return byAuthor;
}
