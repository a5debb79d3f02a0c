import "server-only";
import { labelerStatsRows } from "@/lib/analytics/sql/labeler-stats";
import type { LabelerStats } from "@/lib/analytics/types";
import { meanScoresBy } from "@/lib/analytics/scores";
import { editDistancesBy } from "@/lib/analytics/edit-distances";

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Per labeler of one project, in three grouped queries whatever the number of labelers. */
export async function labelerStats(projectId: string): Promise<LabelerStats[]> {
  const [rows, scores, edits] = await Promise.all([
    labelerStatsRows(projectId),
    meanScoresBy(projectId),
    editDistancesBy(projectId),
  ]);
  return rows.map((row) => {
    const decided = Number(row.decided);
    const accepted = Number(row.accepted);
    const revised = Number(row.revised);
    const edit = edits.get(row.id);
    return {
      id: row.id,
      name: row.name,
      submitted: Number(row.submitted),
      decided,
      accepted,
      rejected: Number(row.rejected),
      revised,
      needsRevision: Number(row.needs_revision),
      acceptanceRate: ratio(accepted, decided),
      revisionRate: ratio(revised, decided),
      medianActiveMs: row.median_active_ms,
      medianTokens: row.median_tokens,
      meanScores: scores.get(row.id) ?? {},
      // Accepted responses whose text never changed count as 0 without being fetched.
      meanEditDistance: ratio(edit?.sum ?? 0, accepted),
      editedByReviewer: edit?.editedByReviewer ?? 0,
    };
  });
}
