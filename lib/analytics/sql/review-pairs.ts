import "server-only";
import { prisma } from "@/lib/db";

/**
 * Two reviewers (a has the smaller id) who judged the same responses, one deciding and the other giving the
 * second opinion, totalled (counts are bigint): the summaries of every judged pair (decision 021).
 */
export type ReviewerPairRow = {
  a_id: string;
  a_name: string;
  b_id: string;
  b_name: string;
  responses: bigint;
  both_accepted: bigint;
  a_accepted: bigint;
  b_accepted: bigint;
  /** Criterion → [judgements that scored it, Σ|a − b| as a decimal string, pairs both scored]. */
  scores: Record<string, [number, string, number]> | null;
};

/** One row per reviewer pair of the project. */
export function reviewerPairRows(projectId: string): Promise<ReviewerPairRow[]> {
  return prisma.$queryRaw<ReviewerPairRow[]>`
    SELECT p.reviewer_a AS a_id, ua.name AS a_name, p.reviewer_b AS b_id, ub.name AS b_name,
           p.responses, p.both_accepted, p.a_accepted, p.b_accepted,
           (SELECT jsonb_object_agg(s.criterion, jsonb_build_array(s.seen, s.difference_total::text, s.n))
              FROM analytics_pair_scores s
             WHERE s.project_id = p.project_id AND s.reviewer_a = p.reviewer_a AND s.reviewer_b = p.reviewer_b
               AND s.seen > 0) AS scores
      FROM analytics_pairs p
      JOIN users ua ON ua.id = p.reviewer_a
      JOIN users ub ON ub.id = p.reviewer_b
     WHERE p.project_id = ${projectId}::uuid AND p.responses > 0
     ORDER BY p.reviewer_a, p.reviewer_b`;
}
