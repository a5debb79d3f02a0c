import "server-only";
import { pool } from "@/lib/db";

/**
 * Ends lapsed leases (of one project, or of all when none is given) and gives their places back to
 * the prompts, in one statement (the SQL function `exemplar_release_expired_tasks` of
 * prisma/functions/leasing.sql, which every claim also runs first), so no background job is needed;
 * the task's draft is kept. Returns how many leases ended.
 */
export async function releaseExpiredTasks(projectId?: string): Promise<number> {
  const { rows } = await pool().query<{ released: number }>("SELECT exemplar_release_expired_tasks($1) AS released", [
    projectId ?? null,
  ]);
  return rows[0]!.released;
}
