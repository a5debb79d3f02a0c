import "server-only";
import type { Prisma } from "@/generated/prisma/client";

/**
 * exemplar_remove_project_member (prisma/functions/leasing.sql): the membership goes and, with `release`,
 * the tasks the user holds in the project go back to the pool. The tasks released, or -1 when the user
 * was not a member.
 */
export async function removeProjectMemberRow(
  tx: Prisma.TransactionClient,
  projectId: string,
  userId: string,
  release: boolean,
): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ released: number }>>`
    SELECT exemplar_remove_project_member(${projectId}::uuid, ${userId}::uuid, ${release}) AS released`;
  return row!.released;
}
