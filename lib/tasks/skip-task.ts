import "server-only";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { SkipTaskInput } from "@/lib/tasks/schemas";

/** The prompt is never offered to this labeler again; its place goes back to the pool; the draft stays. */
export async function skipTask(actor: Actor, taskId: string, input: unknown) {
  const parsed = SkipTaskInput.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("validation_error", "The skip is not valid", parsed.error.issues);
  if (!isUuid(taskId)) throw notFound("Task");
  return prisma.$transaction(async (tx) => {
    const [task] = await tx.$queryRaw<Array<{ status: string; prompt_id: string }>>`
      SELECT status, prompt_id FROM tasks
       WHERE id = ${taskId}::uuid AND user_id = ${actor.id}::uuid FOR UPDATE`;
    if (!task) throw notFound("Task");
    if (task.status === "submitted") throw new AppError("conflict", "This task was submitted; it cannot be skipped");
    if (task.status !== "skipped") {
      // An active task holds a place on its prompt (an expired one already gave it back).
      if (task.status === "active") {
        await tx.$executeRaw`SELECT exemplar_give_back_place(${task.prompt_id}::uuid)`;
      }
      await tx.task.update({
        where: { id: taskId },
        data: { status: "skipped", skipReason: parsed.data.reason ?? null, finishedAt: new Date() },
      });
    }
    return { id: taskId, status: "skipped" as const };
  });
}
