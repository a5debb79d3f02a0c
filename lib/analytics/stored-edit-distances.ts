import "server-only";
import {
  missingEditDistanceRows,
  projectsMissingEditDistances,
  storeMissingEditDistances,
} from "@/lib/analytics/sql/edit-distances";
import { turnsEditDistance } from "@/lib/review/edit-distance";

const BATCH = 500;

/**
 * Computes and stores the edit distance (and whether the text is a reviewer's) of the project's responses
 * that have a later revision but no stored distance (written before distances were stored, or by a bulk load
 * that wrote SQL rows): with the same function every write uses (lib/review/edit-distance.ts), which SQL
 * cannot reproduce. Analytics calls it before reading the summaries (a fill of derived data, which changes
 * nothing a user sees); once filled, it finds nothing by an empty partial index. Returns how many.
 */
export async function fillMissingEditDistances(projectId: string): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await missingEditDistanceRows(projectId, BATCH);
    if (rows.length === 0) return filled;
    const stored = await storeMissingEditDistances(
      rows.map((row) => ({
        id: row.id,
        revision: row.revision,
        distance: turnsEditDistance(row.first as string[], row.final as string[]),
        reviewerEdited: row.reviewer_edited,
      })),
    );
    filled += stored;
    // A short batch was the last; one where nothing could be stored (every row held by a writer) would come
    // back the same, so it ends the fill too.
    if (rows.length < BATCH || stored === 0) return filled;
  }
}

/** The backfill of every project, run by `npm run exemplar -- migrate` after the migrations (then a no-op). */
export async function fillAllMissingEditDistances(): Promise<number> {
  let filled = 0;
  for (const projectId of await projectsMissingEditDistances()) filled += await fillMissingEditDistances(projectId);
  return filled;
}
