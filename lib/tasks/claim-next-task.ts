import "server-only";
import { prisma } from "@/lib/db";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject, latestGuidelines } from "@/lib/projects/projects";
import { releaseExpiredTasks } from "@/lib/tasks/release-expired-tasks";
import { getTaskView, type TaskView } from "@/lib/tasks/task-view";
import { CLAIM_SQL, claimParams } from "@/lib/tasks/claim-sql";

// A claim can lose a race (another labeler locked or filled the prompt it picked); retrying is
// cheap and bounded. See docs/decisions/003-task-leasing.md.
const MAX_ATTEMPTS = 20;

/**
 * Returns, in this order: the caller's oldest response a reviewer sent back for a revision
 * (docs/review.md), the task they hold in the project, or a claim on the next prompt; null
 * when no work is left for this caller.
 */
export async function claimNextTask(actor: Actor, projectIdOrSlug: string): Promise<TaskView | null> {
  assertCan(actor, "label");
  const project = await getProject(actor, projectIdOrSlug);
  const sentBack = await prisma.response.findFirst({
    where: { projectId: project.id, authorId: actor.id, status: "needs_revision" },
    orderBy: { seq: "asc" },
    select: { taskId: true },
  });
  if (sentBack) return getTaskView(actor, sentBack.taskId);
  await releaseExpiredTasks(project.id);
  const guidelines = await latestGuidelines(project.id);

  const taskId = await prisma.$transaction(async (tx) => {
    // One claim at a time per labeler and project (two tabs, a double click): never two tasks.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${actor.id}:${project.id}`}, 0))`;
    const held = await tx.task.findFirst({
      where: { projectId: project.id, userId: actor.id, status: "active", expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    if (held) {
      // Guidelines published while the task was held: the labeler now writes under them, and
      // the screen shows what changed (docs/workspace.md).
      await tx.task.updateMany({ where: { id: held.id, guidelinesVersionId: { not: guidelines.id } }, data: { guidelinesVersionId: guidelines.id } });
      return held.id;
    }

    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const claimed = await tx.$queryRawUnsafe<Array<{ id: string }>>(
        CLAIM_SQL,
        ...claimParams({
          projectId: project.id,
          responsesPerPrompt: project.responsesPerPrompt,
          userId: actor.id,
          guidelinesId: guidelines.id,
          leaseMinutes: project.leaseMinutes,
        }),
      );
      if (claimed[0]) return claimed[0].id;

      // Nothing claimed: either no work is left, or every candidate was locked by a concurrent claim.
      const [open] = await tx.$queryRaw<Array<{ exists: boolean }>>`
        SELECT EXISTS (SELECT 1 FROM prompts pr
                        WHERE pr.project_id = ${project.id}::uuid
                          AND pr.taken < ${project.responsesPerPrompt}
                          AND NOT EXISTS (SELECT 1 FROM tasks t
                                           WHERE t.prompt_id = pr.id AND t.user_id = ${actor.id}::uuid
                                             AND t.status <> 'expired')) AS exists`;
      if (!open?.exists) return null;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
    return null;
  }, { timeout: 30_000 });

  return taskId ? getTaskView(actor, taskId) : null;
}
