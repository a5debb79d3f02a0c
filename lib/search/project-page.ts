import "server-only";
import { forbidden, notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getProject } from "@/lib/projects/projects";

/**
 * The project of a browser page, for those who review it: the 404 page for a project the caller may
 * not see, the 403 page for one they only label in (lib/projects/access.ts decides).
 */
export async function projectToBrowse(actor: Actor, slug: string) {
  try {
    return await getProject(actor, slug, "review");
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError && error.code === "forbidden") forbidden();
    throw error;
  }
}
