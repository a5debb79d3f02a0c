"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { listResponses, nextInQueue, reviewResponse } from "@/lib/review/responses";
import { rankResponses } from "@/lib/review/rank-responses";
import { undoReview } from "@/lib/review/undo-review";
import { withPreviews } from "@/lib/review/queue-previews";
import { ListResponsesQuery, RankingInput, ReviewInput } from "@/lib/review/schemas";
import { parseQueryValues } from "@/lib/query-params";
import type { ActionResult } from "@/lib/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

const OUTCOME = { accept: "accepted", reject: "rejected", revise: "needs_revision", edit: "edited" } as const;

/** Records a decision (or a second opinion), then goes on to the next response in the queue, or back to it. */
export async function reviewResponseAction(responseId: string, input: ReviewInput): Promise<ActionResult> {
  const actor = await requireActor("review");
  const parsed = ReviewInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  let target: string;
  try {
    const { review, response } = await reviewResponse(actor, responseId, parsed.data);
    const project = await getProject(actor, response.projectId);
    const next = await nextInQueue(actor, project.id, responseId, review.secondOpinion);
    revalidatePath("/review", "layout");
    revalidatePath("/admin/projects", "layout");
    // `undo`: the response just decided, so the next page can offer to take the decision back.
    const reviewed = `reviewed=${review.secondOpinion ? "second_opinion" : OUTCOME[review.decision as keyof typeof OUTCOME]}&undo=${responseId}`;
    const queue = `/review/${project.slug}?${review.secondOpinion ? "secondOpinion=pending&" : ""}${reviewed}`;
    target = next ? `/review/responses/${next}?${reviewed}` : queue;
  } catch (error) {
    return failed(error);
  }
  redirect(target);
}

/** Takes back the caller's last decision on a response (docs/review.md, "Undo") and reopens it. */
export async function undoReviewAction(responseId: string): Promise<ActionResult> {
  const actor = await requireActor("review");
  try {
    await undoReview(actor, responseId);
    revalidatePath("/review", "layout");
    revalidatePath("/admin/projects", "layout");
  } catch (error) {
    return failed(error);
  }
  redirect(`/review/responses/${responseId}?reviewed=undone`);
}

/** Saves the reviewer's order of a prompt's responses, best first. */
export async function rankResponsesAction(
  promptId: string,
  input: RankingInput,
): Promise<ActionResult<{ updatedAt: string }>> {
  const actor = await requireActor("review");
  const parsed = RankingInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    const { ranking } = await rankResponses(actor, promptId, parsed.data);
    revalidatePath(`/review/prompts/${promptId}`);
    // The ranking queue and the home's counts.
    revalidatePath("/review", "layout");
    return { ok: true, data: { updatedAt: ranking.updatedAt.toISOString() } };
  } catch (error) {
    return failed(error);
  }
}

/** The next page of a project's review list ("Load more"), with the same filters. */
export async function loadMoreResponses(projectSlug: string, query: Record<string, string>, cursor: string) {
  const actor = await requireActor("review");
  const { items, nextCursor } = await listResponses(
    actor,
    projectSlug,
    parseQueryValues(ListResponsesQuery, { ...query, cursor }),
  );
  return { items: await withPreviews(items), nextCursor };
}
