import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ResponseStatus } from "@/generated/prisma/enums";

/** The response an undo works on, locked as a decision locks it (lib/review/review-response.ts). */
export type LockedForUndo = {
  project_id: string;
  author_id: string;
  status: ResponseStatus;
  revision: number;
  blind_review: boolean;
};

export async function lockResponseForUndo(
  tx: Prisma.TransactionClient,
  responseId: string,
): Promise<LockedForUndo | undefined> {
  const [row] = await tx.$queryRaw<LockedForUndo[]>`
    SELECT r.project_id, r.author_id, r.status, r.revision, p.blind_review
      FROM responses r JOIN projects p ON p.id = r.project_id
     WHERE r.id = ${responseId}::uuid
       FOR UPDATE OF r`;
  return row;
}

/**
 * The response's latest review, with its age by the database's clock (one clock for every app
 * instance), and whether `reviewerId` reviewed the response at all.
 */
export type LatestReview = {
  id: string;
  reviewer_id: string;
  decision: "accept" | "reject" | "revise" | "edit";
  revision: number;
  second_opinion: boolean;
  comment: string | null;
  reason: string | null;
  scores: Prisma.JsonValue;
  age_seconds: number;
  reviewed_by_caller: boolean;
};

export async function latestReview(
  tx: Prisma.TransactionClient,
  responseId: string,
  reviewerId: string,
): Promise<LatestReview | undefined> {
  const [row] = await tx.$queryRaw<LatestReview[]>`
    SELECT id, reviewer_id, decision::text AS decision, revision, second_opinion, comment, reason, scores,
           extract(epoch FROM now() - created_at)::float8 AS age_seconds,
           EXISTS (SELECT 1 FROM reviews mine
                    WHERE mine.response_id = ${responseId}::uuid AND mine.reviewer_id = ${reviewerId}::uuid)
             AS reviewed_by_caller
      FROM reviews
     WHERE response_id = ${responseId}::uuid
     ORDER BY created_at DESC, id DESC
     LIMIT 1`;
  return row;
}
