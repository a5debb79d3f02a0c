import "server-only";
import type { Prisma } from "@/generated/prisma/client";

/** An author's response with what an edit after submit needs of it and of its task. */
export type OwnResponseRow = {
  status: string;
  revision: number;
  turns: string[];
  prompt_id: string;
  project_id: string;
  task_id: string;
  active_ms: number;
};

/** The author's response and its task, both locked until the transaction ends; undefined when not theirs. */
export async function lockOwnResponse(
  tx: Prisma.TransactionClient,
  responseId: string,
  authorId: string,
): Promise<OwnResponseRow | undefined> {
  const [row] = await tx.$queryRaw<OwnResponseRow[]>`
    SELECT r.status::text AS status, r.revision, r.turns, r.prompt_id, r.project_id, r.task_id, t.active_ms
      FROM responses r JOIN tasks t ON t.id = r.task_id
     WHERE r.id = ${responseId}::uuid AND r.author_id = ${authorId}::uuid
       FOR UPDATE OF r, t`;
  return row;
}
