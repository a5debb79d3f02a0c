import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ResponseStatus } from "@/generated/prisma/enums";

/** What a decision needs to know of the response it judges. */
export type LockedResponseRow = {
  author_id: string;
  project_id: string;
  prompt_id: string;
  status: ResponseStatus;
  revision: number;
  second_opinion: boolean;
  turns: string[];
};

/**
 * The response, locked until the transaction ends: the row lock orders concurrent reviews of one
 * response, so the second sees the first's outcome.
 */
export async function lockResponseForReview(
  tx: Prisma.TransactionClient,
  responseId: string,
): Promise<LockedResponseRow | undefined> {
  const [row] = await tx.$queryRaw<LockedResponseRow[]>`
    SELECT author_id, project_id, prompt_id, status, revision, second_opinion, turns
      FROM responses WHERE id = ${responseId}::uuid FOR UPDATE`;
  return row;
}
