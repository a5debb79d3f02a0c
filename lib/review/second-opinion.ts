import { blindReviewHmac } from "@/lib/users/blind-review-key";

/** Decides whether a decided response goes to a second reviewer; injectable for tests. */
export type SecondOpinionSampler = (responseId: string, rate: number) => boolean;

/**
 * Chooses a share `rate` (0..1) of responses for a second opinion. The draw is a keyed hash of
 * the response id mapped to [0, 1): the share converges on the rate, the choice for one response
 * is reproducible on the server (a test or an audit can recompute it), rate 0 and rate 1 are
 * exact, and nobody without the server's key can tell from an id whether a decision will be
 * checked by a second reviewer.
 */
export const sampleSecondOpinion: SecondOpinionSampler = (responseId, rate) => {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  return uniformFromId(responseId) < rate;
};

/** A number in [0, 1) from the first 48 bits of the blind-review HMAC of "second-opinion:" + id. */
export function uniformFromId(responseId: string): number {
  const digest = blindReviewHmac(`second-opinion:${responseId}`);
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
