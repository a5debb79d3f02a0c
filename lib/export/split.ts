import { createHash } from "node:crypto";

/**
 * The train/validation split (docs/formats.md): a prompt's place in [0, 1) is the first 32 bits of
 * md5(prompt id as lowercase text) divided by 2^32, and it is in validation when that place is below
 * the validation fraction. It depends on nothing but the prompt id, so the two parts never share a
 * prompt (every response of a prompt, and every preference pair, lands on the same side) and a prompt
 * stays on its side however much data arrives later. md5 is only a well-mixed hash here, not security.
 *
 * The database evaluates the same function (SPLIT_BUCKET_SQL) so filtering happens there; both sides
 * compare the integer bucket with one integer threshold, so they cannot disagree on a rounding.
 */
export const SPLIT_BUCKETS = 2 ** 32;

/** The prompt's bucket, an integer in [0, 2^32). */
export function splitBucket(promptId: string): number {
  const hex = createHash("md5").update(promptId.toLowerCase()).digest("hex");
  return parseInt(hex.slice(0, 8), 16);
}

/** The prompt's place in [0, 1). */
export function splitPosition(promptId: string): number {
  return splitBucket(promptId) / SPLIT_BUCKETS;
}

/** Buckets below this are validation: bucket / 2^32 < f exactly when bucket < ceil(f · 2^32) (f · 2^32 is exact). */
export function splitThreshold(validationFraction: number): number {
  return Math.ceil(validationFraction * SPLIT_BUCKETS);
}

export function splitOf(promptId: string, validationFraction: number): "train" | "validation" {
  return splitBucket(promptId) < splitThreshold(validationFraction) ? "validation" : "train";
}

/** SQL for splitBucket of the uuid column `column` (a trusted identifier, never user input). */
export function splitBucketSql(column: string): string {
  return `('x' || substr(md5(${column}::text), 1, 8))::bit(32)::bigint`;
}
