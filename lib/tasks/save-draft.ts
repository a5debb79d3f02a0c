import "server-only";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { SaveDraftInput } from "@/lib/tasks/schemas";

/**
 * Saves the assignee's unsubmitted text and their active writing time. Drafts are kept through
 * skips and lapsed leases (domain.md), so saving is allowed until the task is submitted, and
 * again while its response is open to its author: sent back for a revision, or still waiting
 * for review (edit after submit, docs/workspace.md).
 *
 * With `baseUpdatedAt`, the save only lands on the draft it was written from: a newer server
 * draft (written on another device) answers 409 `draft_changed` with that draft's time, instead
 * of being overwritten. Active time only grows, so a late retry cannot shrink it.
 */
export async function saveDraft(actor: Actor, taskId: string, input: unknown) {
  const parsed = SaveDraftInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_error", "The draft is not valid", parsed.error.issues);
  const { turns, activeMs, baseUpdatedAt } = parsed.data;
  if (!isUuid(taskId)) throw notFound("Task");
  const task = await prisma.task.findFirst({
    where: { id: taskId, userId: actor.id },
    select: { status: true, prompt: { select: { slotCount: true } }, response: { select: { status: true } } },
  });
  if (!task) throw notFound("Task");
  if (task.status === "submitted" && !openToAuthor(task.response?.status)) {
    throw new AppError("conflict", "This response was reviewed; it can no longer change as a draft");
  }
  if (turns.length > task.prompt.slotCount) {
    throw new AppError("validation_error", `This task has ${task.prompt.slotCount} turn(s) to write`);
  }
  const draft = JSON.stringify({ turns });
  const checkBase = baseUpdatedAt !== undefined;
  const base = baseUpdatedAt ?? null;
  // One statement: the status condition closes the race with a submit or a review landing
  // between the read and the write, the base condition the race with another device.
  const rows = await prisma.$queryRaw<Array<{ draft_updated_at: Date }>>`
    UPDATE tasks t
       SET draft = ${draft}::jsonb, draft_updated_at = now(),
           active_ms = GREATEST(t.active_ms, ${activeMs ?? 0}::int)
     WHERE t.id = ${taskId}::uuid AND t.user_id = ${actor.id}::uuid
       AND (t.status <> 'submitted'
            OR EXISTS (SELECT 1 FROM responses r WHERE r.task_id = t.id AND r.status IN ('submitted', 'needs_revision')))
       AND (NOT ${checkBase}::boolean OR t.draft_updated_at IS NULL
            OR t.draft_updated_at <= ${base}::timestamptz)
    RETURNING t.draft_updated_at`;
  if (rows[0]) return { taskId, turns, updatedAt: rows[0].draft_updated_at };

  const now = await prisma.task.findFirst({ where: { id: taskId }, select: { status: true, draftUpdatedAt: true } });
  if (checkBase && now?.draftUpdatedAt && (!base || now.draftUpdatedAt > base)) {
    throw new AppError("conflict", "This draft was changed elsewhere (another device or tab) since you opened it", {
      reason: "draft_changed",
      serverUpdatedAt: now.draftUpdatedAt,
    });
  }
  throw new AppError("conflict", "This task was submitted meanwhile");
}

/** A submitted response its author may still change: waiting for review, or sent back. */
export function openToAuthor(status: string | undefined): boolean {
  return status === "submitted" || status === "needs_revision";
}
