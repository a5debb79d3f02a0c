import "server-only";
import type { Actor } from "@/lib/auth/permissions";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getProject } from "@/lib/projects/projects";

/**
 * The project of a browser page, for those who review it: the 404 page for a project the caller may
 * not see, the 403 page for one they only label in (lib/projects/access.ts decides).
 */
export function projectToBrowse(actor: Actor, slug: string) {
  return orNotFound(getProject(actor, slug, "review"));
}
