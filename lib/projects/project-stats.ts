import "server-only";
import { prisma } from "@/lib/db";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import { projectFilterWhere } from "@/lib/projects/access";
import { promptProgress } from "@/lib/projects/prompt-progress";
import { openTaskCountRows, responseCountRows } from "@/lib/projects/sql/project-stats";

export type ProjectStats = {
  prompts: number;
  /** Done and in review as lib/projects/prompt-progress.ts defines them (glossary "done"). */
  promptsDone: number;
  promptsInReview: number;
  activeTasks: number;
  skippedTasks: number;
  responses: { submitted: number; accepted: number; rejected: number; needs_revision: number };
  /** Submitted responses the caller may review: everyone's but their own. */
  waitingForActor: number;
};

const empty = (): ProjectStats => ({
  prompts: 0,
  promptsDone: 0,
  promptsInReview: 0,
  activeTasks: 0,
  skippedTasks: 0,
  responses: { submitted: 0, accepted: 0, rejected: 0, needs_revision: 0 },
  waitingForActor: 0,
});

/** Counts by status for one project (its admin page). */
export async function projectStats(actor: Actor, projectId: string): Promise<ProjectStats> {
  assertCan(actor, "review");
  const project = await getProject(actor, projectId, "review");
  return (await statsFor(actor, project.id)).get(project.id) ?? empty();
}

/** Counts by status for every project in three grouped queries, however many projects there are. */
export async function listProjectStats(actor: Actor): Promise<Map<string, ProjectStats>> {
  assertCan(actor, "review");
  const [stats, reviewable] = await Promise.all([
    statsFor(actor, null),
    prisma.project.findMany({ where: projectFilterWhere(actor, "review"), select: { id: true } }),
  ]);
  // Only the projects the caller may review (lib/projects/access.ts).
  const keep = new Set(reviewable.map((p) => p.id));
  for (const id of stats.keys()) if (!keep.has(id)) stats.delete(id);
  return stats;
}

async function statsFor(actor: Actor, projectId: string | null): Promise<Map<string, ProjectStats>> {
  const [prompts, tasks, responses] = await Promise.all([
    promptProgress(projectId),
    openTaskCountRows(projectId),
    responseCountRows(projectId, actor.id),
  ]);
  const stats = new Map<string, ProjectStats>();
  const of = (id: string) => stats.get(id) ?? stats.set(id, empty()).get(id)!;
  for (const [id, progress] of prompts) {
    of(id).prompts = progress.prompts;
    of(id).promptsDone = progress.done;
    of(id).promptsInReview = progress.inReview;
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
