import "server-only";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { projectKey } from "@/lib/ids";
import { requireProject } from "@/lib/projects/access";
import { getTaskView, type TaskView } from "@/lib/tasks/task-view";
import { claimTaskRow } from "@/lib/tasks/sql/leasing";

/**
 * Returns, in this order: the caller's oldest response a reviewer sent back for a revision
 * (docs/review.md), the task they hold in the project, or a claim on the next prompt; null
 * when no work is left for this caller.
 *
 * The whole claim (lapsed leases released, the labeler's lock, the claim statement and its
 * bounded retries) is the SQL function `exemplar_claim_task` (prisma/functions/leasing.sql,
 * docs/decisions/003-task-leasing.md): one round trip
 * instead of an ORM transaction of a dozen, which is what bench:load measures (docs/performance.md).
 */
export async function claimNextTask(actor: Actor, projectIdOrSlug: string): Promise<TaskView | null> {
  assertCan(actor, "label");
  // Members only where the project says so; none handed out while it is paused or archived (lib/projects/access.ts).
  const project = await requireProject(actor, projectIdOrSlug, "label", "claim");
  const key = projectKey(project.id);
  const { outcome, task } = await claimTaskRow("id" in key ? key.id : null, "slug" in key ? key.slug : null, actor.id);
  if (outcome === "no_project") throw notFound("Project");
  if (outcome === "no_guidelines") throw notFound("Guidelines");
  return task ? getTaskView(actor, task) : null;
}
