import "server-only";
import { reviewerPairRows } from "@/lib/analytics/sql/review-pairs";
import type { AgreementPair, CriterionDifference, Person } from "@/lib/analytics/types";
import { kappaOfCounts } from "@/lib/review/agreement";

/**
 * Two reviewers who judged the same responses (one decided, the other gave the second opinion: the latest
 * primary review before it, as an earlier "revise" judged older text), totalled from the summaries.
 */
export type ReviewerPair = {
  reviewers: [Person, Person];
  responses: number;
  /** Both accepted, or both did not. */
  agreements: number;
  acceptedA: number;
  acceptedB: number;
  /** Criterion → judgements that scored it (either side), Σ|score₁ − score₂| and the pairs both scored. */
  scores: Record<string, { seen: number; differenceTotal: number; n: number }>;
};

export async function reviewPairs(projectId: string): Promise<ReviewerPair[]> {
  const rows = await reviewerPairRows(projectId);
  return rows.map((row) => {
    const responses = Number(row.responses);
    const both = Number(row.both_accepted);
    const acceptedA = Number(row.a_accepted);
    const acceptedB = Number(row.b_accepted);
    return {
      reviewers: [
        { id: row.a_id, name: row.a_name },
        { id: row.b_id, name: row.b_name },
      ],
      responses,
      agreements: both + (responses - acceptedA - acceptedB + both),
      acceptedA,
      acceptedB,
      scores: Object.fromEntries(
        Object.entries(row.scores ?? {}).map(([key, [seen, total, n]]) => [
          key,
          { seen, differenceTotal: Number(total), n },
        ]),
      ),
    };
  });
}

/** The criteria any judged pair scored (a key of the rubric or one only older reviews used). */
export function pairCriteria(pairs: readonly ReviewerPair[]): string[] {
  return [...new Set(pairs.flatMap((p) => Object.keys(p.scores)))];
}

/**
 * Agreement per unordered reviewer pair. Who decided first does not matter: Cohen's kappa and
 * the mean absolute difference are symmetric in the two raters.
 */
export function agreementByPair(pairs: readonly ReviewerPair[], criteria: readonly string[]): AgreementPair[] {
  const result = pairs.map((pair) => {
    const { observed, kappa } = kappaOfCounts({
      n: pair.responses,
      agreements: pair.agreements,
      acceptedA: pair.acceptedA,
      acceptedB: pair.acceptedB,
    });
    const differences: Record<string, CriterionDifference> = {};
    for (const criterion of criteria) {
      const scored = pair.scores[criterion];
      // MAD = Σ |s₁ − s₂| / n (lib/review/agreement.ts), from the kept sum.
      if (scored && scored.n > 0) differences[criterion] = { mean: scored.differenceTotal / scored.n, n: scored.n };
    }
    return {
      reviewers: pair.reviewers,
      responses: pair.responses,
      observedAgreement: observed!, // a pair has at least one response
      kappa,
      meanAbsoluteDifference: differences,
    };
  });
  return result.sort((x, y) => y.responses - x.responses || x.reviewers[0].name.localeCompare(y.reviewers[0].name));
}
