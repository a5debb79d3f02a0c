import "server-only";
import { editedResponseRows } from "@/lib/analytics/sql/edit-distances";
import { turnsEditDistance } from "@/lib/review/edit-distance";

export type EditDistances = { sum: number; editedByReviewer: number };

/**
 * Author → the sum of normalised edit distances between the text they first submitted
 * (revision 1) and the final text, over their accepted responses, and how many of those a
 * reviewer edited. Only responses that have a later revision are fetched: the others are
 * unchanged (distance 0), so the caller divides by the number accepted.
 */
export async function editDistancesBy(projectId: string): Promise<Map<string, EditDistances>> {
  const rows = await editedResponseRows(projectId);
  const byAuthor = new Map<string, EditDistances>();
  for (const row of rows) {
    const entry =
      byAuthor.get(row.author_id) ?? byAuthor.set(row.author_id, { sum: 0, editedByReviewer: 0 }).get(row.author_id)!;
    entry.sum += turnsEditDistance(row.first as string[], row.final as string[]);
    if (row.edited_by_reviewer) entry.editedByReviewer += 1;
  }
  return byAuthor;
}
