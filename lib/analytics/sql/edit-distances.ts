import "server-only";
import { prisma } from "@/lib/db";

/**
 * A response whose stored edit distance is missing: its first text, its current text and revision, and
 * whether that text is a reviewer's (its revision's author is not the response's).
 */
export type MissingEditDistanceRow = {
  id: string;
  revision: number;
  first: unknown;
  final: unknown;
  reviewer_edited: boolean;
};

/**
 * Up to `limit` of the project's responses with a later revision and no stored edit distance: rows written
 * before distances were stored, or by a bulk load. By the partial index responses_edit_distance_missing_idx,
 * which is empty once they are filled, so asking costs nothing on every view.
 */
export function missingEditDistanceRows(projectId: string, limit: number): Promise<MissingEditDistanceRow[]> {
  return prisma.$queryRaw<MissingEditDistanceRow[]>`
    SELECT r.id, r.revision, first.turns AS first, r.turns AS final,
           coalesce(last.author_id <> r.author_id, false) AS reviewer_edited
      FROM (SELECT id, revision, turns, author_id FROM responses
             WHERE project_id = ${projectId}::uuid AND revision > 1 AND edit_distance IS NULL
             LIMIT ${limit}) r
      JOIN response_revisions first ON first.response_id = r.id AND first.number = 1
      LEFT JOIN response_revisions last ON last.response_id = r.id AND last.number = r.revision`;
}

/**
 * Stores computed distances, each only if its response is still at the revision it was computed for (a
 * revision written meanwhile stored its own). The responses' trigger adds them to the summaries. A row another
 * transaction holds (a review being written) is skipped, not waited for: the fill runs before an analytics
 * view, which must never hold up a reviewer, and the skipped row is filled by the next view or `migrate`.
 */
export async function storeMissingEditDistances(
  rows: ReadonlyArray<{ id: string; revision: number; distance: number; reviewerEdited: boolean }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  return prisma.$executeRaw`
    UPDATE responses r SET edit_distance = x.distance, reviewer_edited = x.reviewer_edited
      FROM unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.revision)}::int[],
                  ${rows.map((row) => row.distance)}::float8[], ${rows.map((row) => row.reviewerEdited)}::boolean[])
           AS x(id, revision, distance, reviewer_edited)
     WHERE r.id = x.id AND r.revision = x.revision AND r.edit_distance IS NULL
       AND r.id IN (SELECT id FROM responses WHERE id = ANY(${rows.map((row) => row.id)}::uuid[]) FOR UPDATE SKIP LOCKED)`;
}

/** The projects that still have responses without a stored edit distance (the one-time backfill). */
export async function projectsMissingEditDistances(): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ project_id: string }>>`
    SELECT DISTINCT project_id FROM responses WHERE revision > 1 AND edit_distance IS NULL`;
  return rows.map((row) => row.project_id);
}
