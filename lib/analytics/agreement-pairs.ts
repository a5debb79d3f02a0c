import "server-only";
import { reviewPairRows } from "@/lib/analytics/sql/review-pairs";
import type { AgreementPair, CriterionDifference, Person } from "@/lib/analytics/types";
import { isAccept, kappaDetail, meanAbsoluteDifference } from "@/lib/review/agreement";

type Judgement = { reviewerId: string; reviewerName: string; accepted: boolean; scores: Record<string, number> };
/** One response judged twice: the decision a second opinion judged, and the second opinion. */
export type ReviewPair = { responseId: string; first: Judgement; second: Judgement };

/**
 * Every response of the project that has a second opinion, paired with the primary decision it
 * second-guessed: the latest primary review before it (an earlier "revise" judged older text).
 */
export async function reviewPairs(projectId: string): Promise<ReviewPair[]> {
  const rows = await reviewPairRows(projectId);
  return rows.map((row) => ({
    responseId: row.response_id,
    first: judgement(row.first_id, row.first_name, row.first_decision, row.first_scores),
    second: judgement(row.second_id, row.second_name, row.second_decision, row.second_scores),
  }));
}

function judgement(reviewerId: string, reviewerName: string, decision: string, scores: unknown): Judgement {
  return { reviewerId, reviewerName, accepted: isAccept(decision), scores: numericScores(scores) };
}

function numericScores(value: unknown): Record<string, number> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
  );
}

/**
 * Agreement per unordered reviewer pair. Who decided first does not matter: Cohen's kappa and
 * the mean absolute difference are symmetric in the two raters.
 */
export function agreementByPair(pairs: readonly ReviewPair[], criteria: readonly string[]): AgreementPair[] {
  const groups = new Map<string, { people: [Person, Person]; items: Array<[Judgement, Judgement]> }>();
  for (const { first, second } of pairs) {
    const [a, b] = first.reviewerId < second.reviewerId ? [first, second] : [second, first];
    const key = `${a.reviewerId}:${b.reviewerId}`;
    const group =
      groups.get(key) ??
      groups
        .set(key, {
          people: [
            { id: a.reviewerId, name: a.reviewerName },
            { id: b.reviewerId, name: b.reviewerName },
          ],
          items: [],
        })
        .get(key)!;
    group.items.push([a, b]);
  }
  const result = [...groups.values()].map(({ people, items }) => {
    const { observed, kappa } = kappaDetail(items.map(([a, b]) => [a.accepted, b.accepted]));
    const differences: Record<string, CriterionDifference> = {};
    for (const criterion of criteria) {
      const scored = items.filter(([a, b]) => criterion in a.scores && criterion in b.scores);
      const mean = meanAbsoluteDifference(scored.map(([a, b]) => [a.scores[criterion]!, b.scores[criterion]!]));
      if (mean !== null) differences[criterion] = { mean, n: scored.length };
    }
    return {
      reviewers: people,
      responses: items.length,
      observedAgreement: observed!, // a group has at least one pair
      kappa,
      meanAbsoluteDifference: differences,
    };
  });
  return result.sort((x, y) => y.responses - x.responses || x.reviewers[0].name.localeCompare(y.reviewers[0].name));
}
