import "server-only";
import { reviewerStatsRows } from "@/lib/analytics/sql/reviewer-stats";
import type { ReviewerStats } from "@/lib/analytics/types";
import type { ReviewPair } from "@/lib/analytics/agreement-pairs";

/** Per reviewer of one project, in one grouped query; agreement comes from the review pairs. */
export async function reviewerStats(projectId: string, pairs: readonly ReviewPair[]): Promise<ReviewerStats[]> {
  const rows = await reviewerStatsRows(projectId);
  const paired = new Map<string, { n: number; agreed: number }>();
  for (const pair of pairs) {
    const agreed = pair.first.accepted === pair.second.accepted ? 1 : 0;
    for (const id of [pair.first.reviewerId, pair.second.reviewerId]) {
      const entry = paired.get(id) ?? paired.set(id, { n: 0, agreed: 0 }).get(id)!;
      entry.n += 1;
      entry.agreed += agreed;
    }
  }
  return rows.map((row) => {
    const mine = paired.get(row.id);
    return {
      id: row.id,
      name: row.name,
      decisions: Number(row.decisions),
      byDecision: {
        accept: Number(row.accept),
        reject: Number(row.reject),
        revise: Number(row.revise),
        edit: Number(row.edit),
      },
      secondOpinions: Number(row.second_opinions),
      medianDurationMs: row.median_duration_ms,
      pairedResponses: mine?.n ?? 0,
      observedAgreement: mine ? mine.agreed / mine.n : null,
    };
  });
}
