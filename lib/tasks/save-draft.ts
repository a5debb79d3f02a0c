import "server-only";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { SaveDraftInput } from "@/lib/tasks/schemas";

/**
 * Saves the assignee's unsubmitted text. Drafts are kept through skips and lapsed leases
 * (domain.md), so saving is allowed until the task is submitted, and again while a reviewer
 * has sent the response back for a revision.
 */
export async function saveDraft(actor: Actor, taskId: string, input: unknown) {
  const parsed = SaveDraftInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_error", "The draft is not valid", parsed.error.issues);
  const turns = parsed.data;
  if (!isUuid(taskId)) throw notFound("Task");
  const task = await prisma.task.findFirst({
    where: { id: taskId, userId: actor.id },
    select: { status: true, prompt: { select: { slotCount: true } }, response: { select: { status: true } } },
  });
  if (!task) throw notFound("Task");
  if (task.status === "submitted" && task.response?.status !== "needs_revision") {
    throw new AppError("conflict", "This task was submitted; its response can no longer change as a draft");
  }
  if (turns.length > task.prompt.slotCount) {
    throw new AppError("validation_error", `This task has ${task.prompt.slotCount} turn(s) to write`);
  }
  const updatedAt = new Date();
  // The status condition closes the race with a submit that lands between the read and the write.
  const { count } = await prisma.task.updateMany({
    where: {
      id: taskId,
      userId: actor.id,
      OR: [{ status: { not: "submitted" } }, { response: { is: { status: "needs_revision" } } }],
    },
    data: { draft: { turns }, draftUpdatedAt: updatedAt },
  });
  if (count === 0) throw new AppError("conflict", "This task was submitted meanwhile");
  return { taskId, turns, updatedAt };
}
