import { createHash } from "node:crypto";

/** Decides whether a decided response goes to a second reviewer; injectable for tests. */
export type SecondOpinionSampler = (responseId: string, rate: number) => boolean;

/**
 * Chooses a share `rate` (0..1) of responses for a second opinion. The draw is a hash of the
 * response id mapped to [0, 1): ids are random UUIDs, so the share converges on the rate, yet
 * the choice for one response is reproducible (a test or an audit can recompute it) and rate 0
 * and rate 1 are exact.
 */
export const sampleSecondOpinion: SecondOpinionSampler = (responseId, rate) => {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  return uniformFromId(responseId) < rate;
};

/** A number in [0, 1) from the first 48 bits of SHA-256("second-opinion:" + id). */
export function uniformFromId(responseId: string): number {
  const digest = createHash("sha256").update(`second-opinion:${responseId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
