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
  /** Submitted responses the caller may review: everyone's but their own. */
  waitingForActor: number;
};

const empty = (): ProjectStats => ({
  prompts: 0,
  promptsComplete: 0,
  activeTasks: 0,
  skippedTasks: 0,
  responses: { submitted: 0, accepted: 0, rejected: 0, needs_revision: 0 },
  waitingForActor: 0,
});

/** Counts by status for one project (its admin page). */
export async function projectStats(actor: Actor, projectId: string): Promise<ProjectStats> {
  assertCan(actor, "review");
  const project = await getProject(actor, projectId);
  return (await statsFor(actor, project.id)).get(project.id) ?? empty();
}

/** Counts by status for every project in three grouped queries, however many projects there are. */
export async function listProjectStats(actor: Actor): Promise<Map<string, ProjectStats>> {
  assertCan(actor, "review");
  return statsFor(actor, null);
}

async function statsFor(actor: Actor, projectId: string | null): Promise<Map<string, ProjectStats>> {
  const [prompts, tasks, responses] = await Promise.all([
    prisma.$queryRaw<Array<{ project_id: string; total: bigint; complete: bigint }>>`
      SELECT pr.project_id, count(*) AS total,
             count(*) FILTER (WHERE coalesce(r.n, 0) >= p.responses_per_prompt) AS complete
        FROM prompts pr
        JOIN projects p ON p.id = pr.project_id
        -- Filtered here too: PostgreSQL does not push the outer condition into a grouped subquery.
        LEFT JOIN (SELECT prompt_id, count(*) AS n FROM responses
                    WHERE ${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid
                    GROUP BY prompt_id) r ON r.prompt_id = pr.id
       WHERE ${projectId}::uuid IS NULL OR pr.project_id = ${projectId}::uuid
       GROUP BY pr.project_id`,
    prisma.$queryRaw<Array<{ project_id: string; status: string; n: bigint }>>`
      SELECT project_id, status::text, count(*) AS n FROM tasks
       WHERE status IN ('active', 'skipped') AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
       GROUP BY project_id, status`,
    prisma.$queryRaw<Array<{ project_id: string; status: keyof ProjectStats["responses"]; n: bigint; others: bigint }>>`
      SELECT project_id, status::text, count(*) AS n,
             count(*) FILTER (WHERE author_id <> ${actor.id}::uuid) AS others
        FROM responses
       WHERE ${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid
       GROUP BY project_id, status`,
  ]);
  const stats = new Map<string, ProjectStats>();
  const of = (id: string) => stats.get(id) ?? stats.set(id, empty()).get(id)!;
  for (const row of prompts) {
    of(row.project_id).prompts = Number(row.total);
    of(row.project_id).promptsComplete = Number(row.complete);
  }
  for (const row of tasks) {
    of(row.project_id)[row.status === "active" ? "activeTasks" : "skippedTasks"] = Number(row.n);
  }
  for (const row of responses) {
    of(row.project_id).responses[row.status] = Number(row.n);
    if (row.status === "submitted") of(row.project_id).waitingForActor = Number(row.others);
  }
  return stats;
}
