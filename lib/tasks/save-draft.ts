import "server-only";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import type { SaveDraftInput } from "@/lib/tasks/schemas";
import { refusedSaveRow, saveDraftRow } from "@/lib/tasks/sql/drafts";

/**
 * Saves the assignee's unsubmitted text and their active writing time. Drafts are kept through
 * skips and lapsed leases (docs/glossary.md, "draft"), so saving is allowed until the task is submitted, and
 * again while its response is open to its author: sent back for a revision, or still waiting
 * for review (edit after submit, docs/workspace.md).
 *
 * With `baseUpdatedAt`, the save only lands on the draft it was written from: a newer server
 * draft (written on another device) answers 409 `draft_changed` with that draft's time, instead
 * of being overwritten. Active time only grows, so a late retry cannot shrink it.
 */
export async function saveDraft(actor: Actor, taskId: string, input: SaveDraftInput) {
  const { turns, activeMs, baseUpdatedAt } = input;
  if (!isUuid(taskId)) throw notFound("Task");
  const checkBase = baseUpdatedAt !== undefined;
  const base = baseUpdatedAt || null;
  // The project rule (seen by the writer, not archived; writing may go on while it is paused) is a
  // condition of the one UPDATE, since autosave is the hottest request; only a refused save asks
  // lib/projects/access.ts which answer to give.
  const writer = { id: actor.id, isAdmin: actor.role === "admin" };
  const saved = await saveDraftRow(taskId, writer, { turns, activeMs: activeMs ?? 0, checkBase, base });
  if (saved) return { taskId, turns, updatedAt: saved.draft_updated_at };
  await requireProjectOf(actor, { task: taskId }, "label", "write");
  throw await whySaveRefused(actor, taskId, turns.length, checkBase, base);
}

/** The error for a save the UPDATE refused, checked in the order the rules were always answered. */
async function whySaveRefused(
  actor: Actor,
  taskId: string,
  turnCount: number,
  checkBase: boolean,
  base: Date | null,
): Promise<AppError> {
  const task = await refusedSaveRow(taskId, actor.id);
  if (!task) return notFound("Task");
  if (task.status === "submitted" && !openToAuthor(task.response_status ?? undefined)) {
    return new AppError("conflict", "This response was reviewed; it can no longer change as a draft");
  }
  if (turnCount > task.slot_count) {
    return new AppError("validation_error", `This task has ${task.slot_count} turn(s) to write`);
  }
  const serverUpdatedAt = task.draft_updated_at;
  if (checkBase && serverUpdatedAt && (!base || serverUpdatedAt > base)) {
    return new AppError("conflict", "This draft was changed elsewhere (another device or tab) since you opened it", {
      reason: "draft_changed",
      serverUpdatedAt,
    });
  }
  return new AppError("conflict", "This task was submitted meanwhile");
}

/** A submitted response its author may still change: waiting for review, or sent back. */
export function openToAuthor(status: string | undefined): boolean {
  return status === "submitted" || status === "needs_revision";
}
