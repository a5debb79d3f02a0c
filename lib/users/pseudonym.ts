import { createHash } from "node:crypto";

/**
 * A stable pseudonym for a user, for blind review and exports: the same person always gets the
 * same name, and the name does not reveal who they are. Derived from the id (not stored), so
 * every part of the app agrees without a lookup.
 */
export function pseudonym(userId: string): string {
  return `writer-${createHash("sha256").update(`exemplar:${userId}`).digest("hex").slice(0, 8)}`;
}
