import "server-only";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { resumeTaskOutcome } from "@/lib/tasks/sql/leasing";
import { skippedDraftRows } from "@/lib/tasks/sql/skipped-drafts";
import { requireProjectOf } from "@/lib/projects/access";

/**
 * "Return to it" for a prompt the labeler skipped after writing (docs/workspace.md): the skipped
 * task, draft and all, becomes their active task again if the prompt still has room. The task
 * they hold in that project goes back to the pool with its draft kept (like a lapsed lease), so
 * it is offered to them again later with their text. 409 when the prompt has filled up.
 *
 * The SQL function `exemplar_resume_task` (prisma/functions/leasing.sql) does it in one statement,
 * under the claim's locks in the claim's order.
 */
export async function resumeSkippedTask(actor: Actor, taskId: string) {
  assertCan(actor, "label");
  if (!isUuid(taskId)) throw notFound("Task");
  // Taking a prompt up again is new work: refused while the project is paused or archived.
  await requireProjectOf(actor, { task: taskId }, "label", "claim");
  switch (await resumeTaskOutcome(taskId, actor.id)) {
    case "not_found":
      throw notFound("Task");
    case "not_skipped":
      throw new AppError("conflict", "Only a skipped prompt can be returned to");
    case "full":
      throw new AppError("conflict", "This prompt has all its responses now. Your draft is kept.");
    case "resumed":
    case "active":
      return { id: taskId, status: "active" as const };
  }
}

export type SkippedDraft = {
  taskId: string;
  project: { name: string; slug: string };
  externalId: string | null;
  skippedAt: Date | null;
  excerpt: string;
};

/** The caller's skipped prompts that have text in their draft, newest first: what "Return to it" lists. */
export async function listSkippedDrafts(actor: Actor, limit = 20): Promise<SkippedDraft[]> {
  assertCan(actor, "label");
  const rows = await skippedDraftRows(actor, limit * 2);
  return rows
    .map((row) => ({ row, text: ((row.draft as { turns?: string[] } | null)?.turns ?? []).join(" ").trim() }))
    .filter(({ text }) => text.length > 0)
    .slice(0, limit)
    .map(({ row, text }) => ({
      taskId: row.id,
      project: { name: row.projectName, slug: row.projectSlug },
      externalId: row.externalId,
      skippedAt: row.finishedAt,
      excerpt: text.length > 140 ? `${text.slice(0, 140)}…` : text,
    }));
}
