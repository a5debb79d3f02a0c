import "server-only";
import { labelerStatsRows } from "@/lib/analytics/sql/labeler-stats";
import { medianRows } from "@/lib/analytics/sql/medians";
import type { LabelerStats } from "@/lib/analytics/types";
import { meanScoresBy } from "@/lib/analytics/scores";

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Per labeler of one project, from the summaries the writes keep (decision 021): one row per labeler, its
 * medians and its mean scores, whatever the number of responses.
 */
export async function labelerStats(projectId: string): Promise<LabelerStats[]> {
  const [rows, scores, medians] = await Promise.all([
    labelerStatsRows(projectId),
    meanScoresBy(projectId),
    medianRows(projectId, ["active_ms", "tokens"]),
  ]);
  const median = new Map(medians.map((m) => [`${m.user_id}:${m.metric}`, m.median]));
  return rows.map((row) => {
    const decided = Number(row.decided);
    const accepted = Number(row.accepted);
    const revised = Number(row.revised);
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
      medianActiveMs: median.get(`${row.id}:active_ms`) ?? null,
      medianTokens: median.get(`${row.id}:tokens`) ?? null,
      meanScores: scores.get(row.id) ?? {},
      // Accepted responses whose text never changed count as 0: the sum holds only those with a later revision.
      meanEditDistance: ratio(row.edit_distance_sum, accepted),
      editedByReviewer: Number(row.edited_by_reviewer),
    };
  });
}
