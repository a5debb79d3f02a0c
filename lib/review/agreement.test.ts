import { describe, expect, it } from "vitest";
import { isAccept, kappaDetail, meanAbsoluteDifference } from "@/lib/review/agreement";

type Judgement = { decision: string; scores?: Record<string, number> };
const j = (decision: string, scores?: Record<string, number>): Judgement => ({ decision, scores });
/** The MAD of one criterion over the pairs where both reviewers scored it, as lib/analytics pairs them. */
const madOf = (pairs: Array<[Judgement, Judgement]>, criterion: string) =>
  meanAbsoluteDifference(
    pairs.flatMap(([a, b]) =>
      a.scores?.[criterion] !== undefined && b.scores?.[criterion] !== undefined
        ? [[a.scores[criterion]!, b.scores[criterion]!] as const]
        : [],
    ),
  );

/** κ alone, for the checks below: pairs of (first reviewer accepted, second reviewer accepted). */
const cohensKappa = (pairs: ReadonlyArray<readonly [boolean, boolean]>) => kappaDetail(pairs).kappa;

describe("agreement between two reviewers", () => {
  // Ten responses, each decided by A and given a second opinion by B:
  //   both accept: 5 (one of A's is an edit)   A accepts, B rejects: 2
  //   A rejects, B accepts: 1                   both reject (one of A's is a revise): 2
  // p_o = (5 + 2) / 10 = 0.7
  // p_A = 7/10 = 0.7 (A accepts), p_B = 6/10 = 0.6 (B accepts)
  // p_e = 0.7 · 0.6 + 0.3 · 0.4 = 0.42 + 0.12 = 0.54
  // κ = (0.7 − 0.54) / (1 − 0.54) = 0.16 / 0.46 = 0.347826…
  //
  // Helpfulness, scored by both on four responses: |4−5| + |3−3| + |5−3| + |2−2| = 1 + 0 + 2 + 0 = 3, MAD = 3/4 = 0.75.
  // Honesty, scored by both on two (a third is scored by A only and does not count): |4−4| + |5−4| = 1, MAD = 0.5.
  const pairs: Array<[Judgement, Judgement]> = [
    [j("accept", { helpfulness: 4, honesty: 4 }), j("accept", { helpfulness: 5, honesty: 4 })],
    [j("edit", { helpfulness: 3, honesty: 5 }), j("accept", { helpfulness: 3, honesty: 4 })],
    [j("accept", { helpfulness: 5, honesty: 2 }), j("accept", { helpfulness: 3 })],
    [j("accept", { helpfulness: 2 }), j("accept", { helpfulness: 2 })],
    [j("accept"), j("accept")],
    [j("accept"), j("reject")],
    [j("accept"), j("reject")],
    [j("reject"), j("accept")],
    [j("reject"), j("reject")],
    [j("revise"), j("reject")],
  ];

  it("computes Cohen's kappa on accept vs not, an edit counting as accept", () => {
    const result = kappaDetail(pairs.map(([a, b]) => [isAccept(a.decision), isAccept(b.decision)] as const));
    expect(result.n).toBe(10);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.54, 12);
    expect(result.kappa).toBeCloseTo(0.16 / 0.46, 12);
    expect(result.kappa).toBeCloseTo(0.347826, 6);
  });

  it("computes the mean absolute difference per criterion over the pairs both scored", () => {
    expect(madOf(pairs, "helpfulness")).toBe(0.75);
    expect(madOf(pairs, "honesty")).toBe(0.5);
    expect(madOf(pairs, "harmlessness")).toBeNull();
  });

  it("gives κ = 1 for perfect agreement, 0 at chance level, and below 0 for systematic disagreement", () => {
    expect(
      cohensKappa([
        [true, true],
        [false, false],
      ]),
    ).toBe(1);
    // p_o = 0.5, p_A = p_B = 0.5 → p_e = 0.5 → κ = 0.
    expect(
      cohensKappa([
        [true, true],
        [true, false],
        [false, true],
        [false, false],
      ]),
    ).toBe(0);
    // p_o = 0, p_e = 0.5 → κ = −1.
    expect(
      cohensKappa([
        [true, false],
        [false, true],
      ]),
    ).toBe(-1);
  });

  it("leaves κ undefined without pairs or when chance agreement is certain", () => {
    expect(kappaDetail([])).toEqual({ n: 0, observed: null, expected: null, kappa: null });
    // Both always accept: p_o = p_e = 1, κ = 0/0.
    expect(
      cohensKappa([
        [true, true],
        [true, true],
      ]),
    ).toBeNull();
    expect(meanAbsoluteDifference([])).toBeNull();
  });

  it("treats accept and edit as accepting, reject and revise as not", () => {
    expect(["accept", "edit", "reject", "revise"].map(isAccept)).toEqual([true, true, false, false]);
  });
});
