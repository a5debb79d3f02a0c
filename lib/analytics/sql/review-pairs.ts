import "server-only";
import { prisma } from "@/lib/db";

/** One response judged twice: the primary decision (`first_*`) and the second opinion (`second_*`). */
export type ReviewPairRow = {
  response_id: string;
  first_id: string;
  first_name: string;
  first_decision: string;
  first_scores: unknown;
  second_id: string;
  second_name: string;
  second_decision: string;
  second_scores: unknown;
};

/**
 * Every response of the project that has a second opinion, paired with the primary decision it
 * second-guessed: the latest primary review before it (an earlier "revise" judged older text).
 */
export function reviewPairRows(projectId: string): Promise<ReviewPairRow[]> {
  return prisma.$queryRaw<ReviewPairRow[]>`
    SELECT s.response_id,
           p.reviewer_id AS first_id, pu.name AS first_name, p.decision::text AS first_decision, p.scores AS first_scores,
           s.reviewer_id AS second_id, su.name AS second_name, s.decision::text AS second_decision, s.scores AS second_scores
      FROM reviews s
      JOIN responses r ON r.id = s.response_id
      JOIN LATERAL (
             SELECT reviewer_id, decision, scores FROM reviews p
              WHERE p.response_id = s.response_id AND NOT p.second_opinion AND p.created_at <= s.created_at
              ORDER BY p.created_at DESC, p.id DESC
              LIMIT 1
           ) p ON true
      JOIN users pu ON pu.id = p.reviewer_id
      JOIN users su ON su.id = s.reviewer_id
     WHERE r.project_id = ${projectId}::uuid AND s.second_opinion AND p.reviewer_id <> s.reviewer_id`;
}
