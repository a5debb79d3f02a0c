import "server-only";
import { prisma } from "@/lib/db";
import type { LabelerStats } from "@/lib/analytics/types";
import { meanScoresBy } from "@/lib/analytics/scores";
import { editDistancesBy } from "@/lib/analytics/edit-distances";

type Row = {
  id: string;
  name: string;
  submitted: bigint;
  decided: bigint;
  accepted: bigint;
  rejected: bigint;
  revised: bigint;
  needs_revision: bigint;
  median_active_ms: number | null;
  median_tokens: number | null;
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Per labeler of one project, in three grouped queries whatever the number of labelers. */
export async function labelerStats(projectId: string): Promise<LabelerStats[]> {
  const [rows, scores, edits] = await Promise.all([
    prisma.$queryRaw<Row[]>`
      SELECT u.id, u.name,
             count(*) AS submitted,
             count(*) FILTER (WHERE r.status IN ('accepted', 'rejected')) AS decided,
             count(*) FILTER (WHERE r.status = 'accepted') AS accepted,
             count(*) FILTER (WHERE r.status = 'rejected') AS rejected,
             count(*) FILTER (WHERE r.status IN ('accepted', 'rejected') AND sent_back.response_id IS NOT NULL) AS revised,
             count(*) FILTER (WHERE r.status = 'needs_revision') AS needs_revision,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY r.active_ms) AS median_active_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY r.token_count) AS median_tokens
        FROM responses r
        JOIN users u ON u.id = r.author_id
        LEFT JOIN (SELECT DISTINCT v.response_id
                     FROM reviews v JOIN responses x ON x.id = v.response_id
                    WHERE x.project_id = ${projectId}::uuid AND v.decision = 'revise' AND NOT v.second_opinion
                  ) sent_back ON sent_back.response_id = r.id
       WHERE r.project_id = ${projectId}::uuid
       GROUP BY u.id, u.name
       ORDER BY u.name, u.id`,
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
