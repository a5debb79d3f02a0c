import "server-only";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";

/**
 * "Return to it" for a prompt the labeler skipped after writing (docs/workspace.md): the skipped
 * task, draft and all, becomes their active task again if the prompt still has room. The task
 * they hold in that project goes back to the pool with its draft kept (like a lapsed lease), so
 * it is offered to them again later with their text. 409 when the prompt has filled up.
 */
export async function resumeSkippedTask(actor: Actor, taskId: string) {
  assertCan(actor, "label");
  if (!isUuid(taskId)) throw notFound("Task");
  const found = await prisma.task.findFirst({ where: { id: taskId, userId: actor.id }, select: { projectId: true } });
  if (!found) throw notFound("Task");

  return prisma.$transaction(async (tx) => {
    // The claim's locks (exemplar_claim_task), in its order and before any row lock: the project's
    // settings (shared: the place taken below closes the prompt by the current responsesPerPrompt),
    // then the labeler's own, so a resume and a claim of the same labeler queue instead of deadlocking.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(exemplar_project_lock_key(${found.projectId}::uuid))`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(exemplar_labeler_lock_key(${actor.id}::uuid, ${found.projectId}::uuid))`;
    const [task] = await tx.$queryRaw<Array<{ status: string; prompt_id: string }>>`
      SELECT status::text AS status, prompt_id FROM tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
    if (task!.status === "active") return { id: taskId, status: "active" as const };
    if (task!.status !== "skipped") throw new AppError("conflict", "Only a skipped prompt can be returned to");

    const held = await tx.$queryRaw<Array<{ prompt_id: string }>>`
      UPDATE tasks SET status = 'expired', finished_at = now()
       WHERE project_id = ${found.projectId}::uuid AND user_id = ${actor.id}::uuid AND status = 'active'
      RETURNING prompt_id`;
    for (const { prompt_id } of held) {
      await tx.$executeRaw`SELECT exemplar_give_back_place(${prompt_id}::uuid)`;
    }
    const took = await tx.$executeRaw`
      UPDATE prompts pr SET taken = pr.taken + 1, open = pr.taken + 1 < p.responses_per_prompt
        FROM projects p
       WHERE pr.id = ${task!.prompt_id}::uuid AND p.id = pr.project_id AND pr.taken < p.responses_per_prompt`;
    if (took === 0) throw new AppError("conflict", "This prompt has all its responses now. Your draft is kept.");
    await tx.$executeRaw`
      UPDATE tasks t SET status = 'active', claimed_at = now(), finished_at = NULL, skip_reason = NULL,
             expires_at = now() + make_interval(mins => p.lease_minutes)
        FROM projects p
       WHERE t.id = ${taskId}::uuid AND p.id = t.project_id`;
    return { id: taskId, status: "active" as const };
  });
}

export type SkippedDraft = { taskId: string; project: { name: string; slug: string }; externalId: string | null; skippedAt: Date | null; excerpt: string };

/** The caller's skipped prompts that have text in their draft, newest first: what "Return to it" lists. */
export async function listSkippedDrafts(actor: Actor, limit = 20): Promise<SkippedDraft[]> {
  assertCan(actor, "label");
  const rows = await prisma.task.findMany({
    where: { userId: actor.id, status: "skipped", draft: { not: { equals: null } } },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    take: limit * 2,
    select: {
      id: true,
      draft: true,
      finishedAt: true,
      project: { select: { name: true, slug: true } },
      prompt: { select: { externalId: true } },
    },
  });
  return rows
    .map((row) => ({ row, text: ((row.draft as { turns?: string[] } | null)?.turns ?? []).join(" ").trim() }))
    .filter(({ text }) => text.length > 0)
    .slice(0, limit)
    .map(({ row, text }) => ({
      taskId: row.id,
      project: row.project,
      externalId: row.prompt.externalId,
      skippedAt: row.finishedAt,
      excerpt: text.length > 140 ? `${text.slice(0, 140)}…` : text,
    }));
}
