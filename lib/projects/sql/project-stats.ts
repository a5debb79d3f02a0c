import "server-only";
import { prisma } from "@/lib/db";

/** Active or skipped tasks of one project, by status. */
export type TaskCountRow = { project_id: string; status: "active" | "skipped"; n: bigint };

/** `projectId` null: every project, in one grouped query. */
export function openTaskCountRows(projectId: string | null): Promise<TaskCountRow[]> {
  return prisma.$queryRaw<TaskCountRow[]>`
    SELECT project_id, status::text, count(*) AS n FROM tasks
     WHERE status IN ('active', 'skipped') AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
     GROUP BY project_id, status`;
}

/** Responses of one project with one status; `others`: those not written by the user asking. */
export type ResponseCountRow = {
  project_id: string;
  status: "submitted" | "accepted" | "rejected" | "needs_revision";
  n: bigint;
  others: bigint;
};

/**
 * `projectId` null: every project, in one grouped query. From the labelers' status counts the writes keep
 * (analytics_labelers, decision 021): one row per labeler of a project, not one per response.
 */
export function responseCountRows(projectId: string | null, userId: string): Promise<ResponseCountRow[]> {
  return prisma.$queryRaw<ResponseCountRow[]>`
    SELECT l.project_id, st.status, sum(st.n)::bigint AS n,
           coalesce(sum(st.n) FILTER (WHERE l.user_id <> ${userId}::uuid), 0)::bigint AS others
      FROM analytics_labelers l
     CROSS JOIN LATERAL (VALUES ('submitted', l.submitted), ('accepted', l.accepted), ('rejected', l.rejected),
                                ('needs_revision', l.needs_revision)) AS st(status, n)
     WHERE ${projectId}::uuid IS NULL OR l.project_id = ${projectId}::uuid
     GROUP BY l.project_id, st.status
    HAVING sum(st.n) > 0`;
}
