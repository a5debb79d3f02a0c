/**
 * Agreement between two reviewers who judged the same responses (a decision and its second
 * opinion). Pure functions; docs/review.md gives the formulas, lib/analytics groups the pairs.
 */

/** On accept-vs-not an edit counts as accept: the reviewer kept the response, with fixes. */
export function isAccept(decision: string): boolean {
  return decision === "accept" || decision === "edit";
}

export type KappaDetail = {
  n: number;
  /** p_o: the share of pairs where both accepted or both did not. */
  observed: number | null;
  /** p_e: the agreement expected by chance from each reviewer's own accept rate. */
  expected: number | null;
  kappa: number | null;
};

/**
 * Cohen's kappa for two raters and two categories (accept / not):
 *   p_o = agreements / n
 *   p_e = p_A · p_B + (1 − p_A) · (1 − p_B), p_X = X's accepts / n
 *   κ = (p_o − p_e) / (1 − p_e)
 * Undefined (null) without pairs, or when p_e = 1 (both reviewers gave one same answer to everything).
 */
export function kappaDetail(pairs: ReadonlyArray<readonly [boolean, boolean]>): KappaDetail {
  return kappaOfCounts({
    n: pairs.length,
    agreements: pairs.filter(([a, b]) => a === b).length,
    acceptedA: pairs.filter(([a]) => a).length,
    acceptedB: pairs.filter(([, b]) => b).length,
  });
}

/** The same from the counts alone (how analytics keeps them): pairs, agreements, each reviewer's accepts. */
export function kappaOfCounts(counts: {
  n: number;
  agreements: number;
  acceptedA: number;
  acceptedB: number;
}): KappaDetail {
  const { n, agreements } = counts;
  if (n === 0) return { n, observed: null, expected: null, kappa: null };
  const acceptA = counts.acceptedA / n;
  const acceptB = counts.acceptedB / n;
  const observed = agreements / n;
  const expected = acceptA * acceptB + (1 - acceptA) * (1 - acceptB);
  return { n, observed, expected, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
}

/** MAD = Σ |s₁ − s₂| / n over the pairs of scores two reviewers gave one criterion; null without pairs. */
export function meanAbsoluteDifference(pairs: ReadonlyArray<readonly [number, number]>): number | null {
  if (pairs.length === 0) return null;
  return pairs.reduce((sum, [a, b]) => sum + Math.abs(a - b), 0) / pairs.length;
}
