"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import type { Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import { listResponses, reviewResponse } from "@/lib/review/responses";
import { ReviewInput } from "@/lib/review/schemas";
import type { ActionResult } from "@/components/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

/** The oldest submitted response in the project this reviewer may decide on, if any. */
async function nextToReview(actor: Actor, projectId: string): Promise<string | null> {
  const { items } = await listResponses(actor, projectId, { status: "submitted", limit: 50 });
  // The list leaves out a reviewer's own work, but an admin sees (and cannot review) theirs.
  return items.find((r) => r.author.id !== actor.id)?.id ?? null;
}

/** Accept or reject, then go on to the next response waiting in the project, or back to its list. */
export async function reviewResponseAction(responseId: string, input: ReviewInput): Promise<ActionResult> {
  const actor = await requireActor("review");
  const parsed = ReviewInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  let target: string;
  try {
    const { response } = await reviewResponse(actor, responseId, parsed.data);
    const project = await getProject(actor, response.projectId);
    const next = await nextToReview(actor, project.id);
    revalidatePath("/review", "layout");
    revalidatePath("/admin/projects", "layout");
    const reviewed = `reviewed=${response.status}`;
    target = next ? `/review/responses/${next}?${reviewed}` : `/review/${project.slug}?${reviewed}`;
  } catch (error) {
    return failed(error);
  }
  redirect(target);
}

/** The next page of a project's review list ("Load more"). */
export async function loadMoreResponses(projectSlug: string, status: string, cursor: string) {
  const actor = await requireActor("review");
  return listResponses(actor, projectSlug, { status, cursor });
}
