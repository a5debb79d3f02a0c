import "server-only";
import { pool } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { projectKey } from "@/lib/ids";
import { getTaskView, type TaskView } from "@/lib/tasks/task-view";

type ClaimOutcome = "sent_back" | "held" | "claimed" | "none" | "no_project" | "no_guidelines";

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
  const key = projectKey(projectIdOrSlug);
  const { rows } = await pool().query<{ outcome: ClaimOutcome; task: string | null }>({
    name: "claim-task",
    text: "SELECT outcome, task FROM exemplar_claim_task($1, $2, $3)",
    values: ["id" in key ? key.id : null, "slug" in key ? key.slug : null, actor.id],
  });
  const { outcome, task } = rows[0]!;
  if (outcome === "no_project") throw notFound("Project");
  if (outcome === "no_guidelines") throw notFound("Guidelines");
  return task ? getTaskView(actor, task) : null;
}
