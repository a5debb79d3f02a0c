import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import type { SelectedResponse } from "@/lib/review/response-view";
import { type QueueFilter, type QueueHitRow, queueHitsSql } from "@/lib/review/sql/queue";
import { responseViewSql } from "@/lib/review/sql/response-view";

/** A response of the review list's page: its view, its place in the queue, and the text its latest decision judged. */
export type ReviewListRow = SelectedResponse &
  Omit<QueueHitRow, "id" | "seq"> & {
    /** The turns of the revision the latest decision judged; read only for a response shown undecided. */
    judged_turns: Prisma.JsonValue | null;
  };

/** The review list's page, and what the list needs of its project. */
export type ReviewListRead = { blindReview: boolean; rows: ReviewListRow[] };

type Row = { blind_review: boolean } & (ReviewListRow | { [K in keyof ReviewListRow]: null });

/**
 * The review list's page in one statement: the responses `queueHitsSql` finds, each as `responseViewSql` reads it
 * (the one definition of that view) with its score, and, where the caller is to give a second opinion, the turns
 * the latest decision judged; and the project's `blind_review`. A reviewer's queue asks it after every decision
 * (bench:capacity), and the ORM loaded each relation apart. The project's row is read even for an empty page (the
 * LEFT JOIN), since the caller decides on `blindReview` either way. Access is the caller's, decided before.
 */
export async function reviewListRead(filter: QueueFilter): Promise<ReviewListRead> {
  // Admins see everything (decided responses, scores), so they are never shown a judged revision instead.
  const judgedTurns = filter.admin
    ? Prisma.sql`NULL::jsonb`
    : Prisma.sql`CASE WHEN h.pending_for_me THEN
        (SELECT rv.turns FROM response_revisions rv WHERE rv.response_id = h.id AND rv.number = h.judged_revision)
      END`;
  const rows = await prisma.$queryRaw<Row[]>`
    WITH hits AS (${queueHitsSql(filter)})
    SELECT pj.blind_review, x.*
      FROM projects pj
      LEFT JOIN (
        SELECT v.*, h.score, h.judged_revision, h.pending_for_me, ${judgedTurns} AS judged_turns
          FROM hits h
          JOIN (${Prisma.raw(responseViewSql("responses"))}
                 WHERE r.id IN (SELECT hh.id FROM hits hh)) v ON v.id = h.id
      ) x ON TRUE
     WHERE pj.id = ${filter.projectId}::uuid
     ORDER BY x.seq`;
  const blindReview = rows[0]?.blind_review ?? false;
  const listed = rows.filter((row): row is { blind_review: boolean } & ReviewListRow => row.id !== null);
  return { blindReview, rows: listed.map(({ blind_review: _project, ...row }) => row) };
}
