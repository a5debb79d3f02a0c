import "server-only";
import { prisma } from "@/lib/db";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";

export type ProjectStats = {
  prompts: number;
  promptsComplete: number;
  activeTasks: number;
  skippedTasks: number;
  responses: { submitted: number; accepted: number; rejected: number; needs_revision: number };
};

/** Counts by status for the admin's project page. */
export async function projectStats(actor: Actor, projectId: string): Promise<ProjectStats> {
  assertCan(actor, "review");
  const project = await getProject(actor, projectId);
  const [prompts, tasks, responses] = await Promise.all([
    prisma.$queryRaw<Array<{ total: bigint; complete: bigint }>>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE (SELECT count(*) FROM responses r WHERE r.prompt_id = pr.id)
                                    >= ${project.responsesPerPrompt}) AS complete
        FROM prompts pr WHERE pr.project_id = ${project.id}::uuid`,
    prisma.task.groupBy({
      by: ["status"],
      where: { projectId: project.id, status: { in: ["active", "skipped"] } },
      _count: { _all: true },
    }),
    prisma.response.groupBy({ by: ["status"], where: { projectId: project.id }, _count: { _all: true } }),
  ]);
  const byStatus = Object.fromEntries(responses.map((r) => [r.status, r._count._all]));
  const taskCount = (status: string) => tasks.find((t) => t.status === status)?._count._all ?? 0;
  return {
    prompts: Number(prompts[0]?.total ?? 0),
    promptsComplete: Number(prompts[0]?.complete ?? 0),
    activeTasks: taskCount("active"),
    skippedTasks: taskCount("skipped"),
    responses: {
      submitted: byStatus.submitted ?? 0,
      accepted: byStatus.accepted ?? 0,
      rejected: byStatus.rejected ?? 0,
      needs_revision: byStatus.needs_revision ?? 0,
    },
  };
}
