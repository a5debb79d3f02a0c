import "server-only";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import type { SkipTaskInput } from "@/lib/tasks/schemas";
import { skipTaskOutcome } from "@/lib/tasks/sql/leasing";

/**
 * The prompt is never offered to this labeler again; its place goes back to the pool; the draft stays.
 * A repeated skip answers the same. The SQL function `exemplar_skip_task` (prisma/functions/leasing.sql)
 * does it in one statement under the task's row lock.
 */
export async function skipTask(actor: Actor, taskId: string, input: SkipTaskInput) {
  if (!isUuid(taskId)) throw notFound("Task");
  await requireProjectOf(actor, { task: taskId }, "label", "write");
  const outcome = await skipTaskOutcome(taskId, actor.id, input.reason ?? null);
  if (outcome === "not_found") throw notFound("Task");
  if (outcome === "submitted") throw new AppError("conflict", "This task was submitted; it cannot be skipped");
  return { id: taskId, status: "skipped" as const };
}
