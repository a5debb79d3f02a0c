import "server-only";
import { prisma } from "@/lib/db";

/**
 * Ends lapsed leases (of one project, or of all when none is given) and gives their places back to the prompts, in one statement. Run before
 * each claim, so no background job is needed; the task's draft is kept.
 */
export async function releaseExpiredTasks(projectId?: string): Promise<number> {
  return prisma.$executeRaw`
    WITH expired AS (
      UPDATE tasks SET status = 'expired', finished_at = now()
       WHERE (${projectId ?? null}::uuid IS NULL OR project_id = ${projectId ?? null}::uuid)
         AND status = 'active' AND expires_at <= now()
      RETURNING prompt_id
    ), counts AS (
      SELECT prompt_id, count(*)::int AS n FROM expired GROUP BY prompt_id
    )
    UPDATE prompts pr SET taken = pr.taken - counts.n FROM counts WHERE pr.id = counts.prompt_id`;
}
