import "server-only";
import type { Prisma } from "@/generated/prisma/client";

/** Revision 1 of a response: the text its author first submitted (never changes once written). */
export async function firstRevisionTurns(tx: Prisma.TransactionClient, responseId: string): Promise<unknown> {
  const [row] = await tx.$queryRaw<Array<{ turns: unknown }>>`
    SELECT turns FROM response_revisions WHERE response_id = ${responseId}::uuid AND number = 1`;
  return row?.turns;
}

/**
 * The stored edit distance of a response whose text a SQL function just changed (the resubmit), in the same
 * transaction. Leaves `updated_at` alone: the function set it with the revision.
 */
export async function storeEditDistance(
  tx: Prisma.TransactionClient,
  responseId: string,
  fields: { editDistance: number | null; reviewerEdited: boolean },
): Promise<void> {
  await tx.$executeRaw`
    UPDATE responses SET edit_distance = ${fields.editDistance}::float8, reviewer_edited = ${fields.reviewerEdited}
     WHERE id = ${responseId}::uuid`;
}
