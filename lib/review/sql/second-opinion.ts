import "server-only";
import { Prisma } from "@/generated/prisma/client";

/**
 * A response (alias `r`) chosen for a second opinion that nobody gave yet and `actorId` may give:
 * they neither wrote it nor reviewed it (lib/review/review-visibility.ts reviewState). Whether it was given is
 * the flag a trigger on reviews keeps (prisma/functions/second-opinions.sql); the first three conditions are
 * the predicate of the partial index responses_second_opinion_waiting_idx, so the waiting ones are read as a
 * range of it instead of every response ever chosen.
 */
export function pendingSecondOpinionSql(actorId: string): Prisma.Sql {
  // OFFSET 0 keeps the lookup per response, through reviews' response_id index, and only for the responses
  // waiting. Without it PostgreSQL may hash the subquery instead: under a NOT (the queue's other tabs) that
  // reads every review of the database to show a page of 50.
  return Prisma.sql`(r.second_opinion AND NOT r.second_opinion_given AND r.status IN ('accepted', 'rejected')
    AND r.author_id <> ${actorId}::uuid
    AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = r.id AND v.reviewer_id = ${actorId}::uuid
                    OFFSET 0))`;
}
