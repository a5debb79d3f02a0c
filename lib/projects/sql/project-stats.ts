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

/** `projectId` null: every project, in one grouped query. */
export function responseCountRows(projectId: string | null, userId: string): Promise<ResponseCountRow[]> {
  return prisma.$queryRaw<ResponseCountRow[]>`
    SELECT project_id, status::text, count(*) AS n,
           count(*) FILTER (WHERE author_id <> ${userId}::uuid) AS others
      FROM responses
     WHERE ${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid
     GROUP BY project_id, status`;
}
