import "server-only";
import { prisma } from "@/lib/db";
import type { ReviewerStats } from "@/lib/analytics/types";
import type { ReviewPair } from "@/lib/analytics/agreement-pairs";

type Row = {
  id: string;
  name: string;
  decisions: bigint;
  accept: bigint;
  reject: bigint;
  revise: bigint;
  edit: bigint;
  second_opinions: bigint;
  median_duration_ms: number | null;
};

/** Per reviewer of one project, in one grouped query; agreement comes from the review pairs. */
export async function reviewerStats(projectId: string, pairs: readonly ReviewPair[]): Promise<ReviewerStats[]> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT u.id, u.name,
           count(*) FILTER (WHERE NOT v.second_opinion) AS decisions,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'accept') AS accept,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'reject') AS reject,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'revise') AS revise,
           count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'edit') AS edit,
           count(*) FILTER (WHERE v.second_opinion) AS second_opinions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY v.duration_ms) AS median_duration_ms
      FROM reviews v
      JOIN responses r ON r.id = v.response_id
      JOIN users u ON u.id = v.reviewer_id
     WHERE r.project_id = ${projectId}::uuid
     GROUP BY u.id, u.name
     ORDER BY u.name, u.id`;
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
