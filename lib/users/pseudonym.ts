import { createHash } from "node:crypto";
import { PSEUDONYM_PREFIX } from "@/lib/users/pseudonym-format";

/**
 * A stable pseudonym for a user, for blind review and exports: the same person always gets the
 * same name, and the name does not reveal who they are. Derived from the id (not stored), so
 * every part of the app agrees without a lookup.
 */
export function pseudonym(userId: string): string {
  // lib/review/list-responses.ts computes the same in SQL to filter by pseudonym.
  return `${PSEUDONYM_PREFIX}${createHash("sha256").update(`exemplar:${userId}`).digest("hex").slice(0, 8)}`;
}
