import { createHmac, hkdfSync } from "node:crypto";
import { sessionSecret } from "@/lib/env";

/**
 * Blind review's keyed hash: HMAC-SHA256 under a key derived (HKDF-SHA256) from NEXTAUTH_SECRET for
 * this one purpose. Pseudonyms and second-opinion draws must not be computable from ids alone: ids
 * travel in URLs, exports and API answers, so a plain hash of one lets anyone who knows the ids
 * tell who wrote what, or which responses a second reviewer will see. Every instance shares the
 * secret, so they all agree; rotating the secret renames every pseudonym (docs/review.md).
 */
export function blindReviewHmac(message: string): Buffer {
  return createHmac("sha256", blindReviewKey()).update(message, "utf8").digest();
}

const KEY_INFO = "exemplar blind-review-v1";
let derived: { secret: string; key: Buffer } | undefined;

function blindReviewKey(): Buffer {
  const secret = sessionSecret();
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", KEY_INFO, 32)) };
  return derived.key;
}
