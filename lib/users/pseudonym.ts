import { PSEUDONYM_PREFIX } from "@/lib/users/pseudonym-format";
import { blindReviewHmac } from "@/lib/users/blind-review-key";

/**
 * A stable pseudonym for a user, for blind review and exports: the same person always gets the
 * same name, and the name does not reveal who they are. Derived from the id with a server-side
 * key (not stored), so every part of the app agrees without a lookup, yet nobody without the key
 * can map a user id they know to its pseudonym.
 */
export function pseudonym(userId: string): string {
  // lib/review/list-responses.ts finds the users behind a pseudonym with this same function.
  return `${PSEUDONYM_PREFIX}${blindReviewHmac(`pseudonym:${userId}`).toString("hex").slice(0, 8)}`;
}
