import "server-only";
import { medianRows } from "@/lib/analytics/sql/medians";
import { reviewerStatsRows } from "@/lib/analytics/sql/reviewer-stats";
import type { ReviewerStats } from "@/lib/analytics/types";
import type { ReviewerPair } from "@/lib/analytics/agreement-pairs";

/** Per reviewer of one project, from the summaries; agreement comes from the reviewer pairs. */
export async function reviewerStats(projectId: string, pairs: readonly ReviewerPair[]): Promise<ReviewerStats[]> {
  const [rows, medians] = await Promise.all([reviewerStatsRows(projectId), medianRows(projectId, ["review_ms"])]);
  const median = new Map(medians.map((m) => [m.user_id, m.median]));
  const paired = new Map<string, { n: number; agreed: number }>();
  for (const pair of pairs) {
    for (const { id } of pair.reviewers) {
      const entry = paired.get(id) ?? paired.set(id, { n: 0, agreed: 0 }).get(id)!;
      entry.n += pair.responses;
      entry.agreed += pair.agreements;
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
      medianDurationMs: median.get(row.id) ?? null,
      pairedResponses: mine?.n ?? 0,
      observedAgreement: mine ? mine.agreed / mine.n : null,
    };
  });
}
