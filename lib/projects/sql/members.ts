import "server-only";
import type { Prisma } from "@/generated/prisma/client";

/**
 * exemplar_remove_member (prisma/functions/leasing.sql): the membership goes and, when that leaves the user
 * unable to see the project (decided there, under the claim's locks), the tasks they hold in it go back to the
 * pool. The tasks released, or -1 when the user was not a member.
 */
export async function removeProjectMemberRow(
  tx: Prisma.TransactionClient,
  projectId: string,
  userId: string,
): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ released: number }>>`
    SELECT exemplar_remove_member(${projectId}::uuid, ${userId}::uuid) AS released`;
  return row!.released;
}
