import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { projectFilterSql } from "@/lib/projects/access";

/** A decision on the response as its author's list reads it (no second opinions); times are ISO strings (JSON). */
export type MyWorkReviewRow = {
  decision: string;
  comment: string | null;
  reason: string | null;
  scores: unknown;
  revision: number;
  createdAt: string;
  reviewer: { id: string; name: string };
};

/** One of the author's responses with what My work shows of it. */
export type MyWorkRow = {
  /** In the "sent back" list (first page only) rather than the newest-first page. */
  sentBack: boolean;
  id: string;
  status: string;
  revision: number;
  activeMs: number | null;
  submittedAt: Date;
  projectName: string;
  projectSlug: string;
  blindReview: boolean;
  rubric: unknown;
  labelersSeeScores: boolean;
  externalId: string | null;
  /** The content of the prompt's first user message, null when it has none. */
  firstUserMessage: string | null;
  /** The author's own latest revision (null when there is none): its number and turns. */
  ownNumber: number | null;
  ownTurns: unknown;
  /** The primary decisions, oldest first. */
  reviews: MyWorkReviewRow[];
};

/**
 * My work in one statement: the author's responses sent back for revision (with `sentBackLimit`, in the
 * writing screen's order, seq) and the page of the others, newest first, keyset on (submitted_at, id) after
 * `cursor`, `limit` + 1 rows to tell whether an older page exists; each with its project, its prompt's first
 * user message, the author's own latest revision and the primary reviews with their reviewer. Responses in a
 * project the actor may no longer see are left out. The sent-back rows come first.
 */
export function myWorkRows(
  actor: Pick<Actor, "id" | "role">,
  page: { cursor?: { submittedAt: Date; id: string }; limit: number; sentBackLimit: number },
): Promise<MyWorkRow[]> {
  const { cursor, limit, sentBackLimit } = page;
  const visible = projectFilterSql(actor, "see", "p");
  const after = cursor
    ? Prisma.sql`AND (r.submitted_at, r.id) < (${cursor.submittedAt}::timestamptz, ${cursor.id}::uuid)`
    : Prisma.empty;
  // On an older page the sent-back list is not shown: LIMIT 0 reads none of it.
  return prisma.$queryRaw<MyWorkRow[]>`
    WITH listed AS (
      (SELECT r.id, r.status, r.revision, r.active_ms, r.submitted_at, r.project_id, r.prompt_id, r.seq,
              true AS sent_back
         FROM responses r JOIN projects p ON p.id = r.project_id
        WHERE r.author_id = ${actor.id}::uuid AND r.status = 'needs_revision' AND ${visible}
        ORDER BY r.seq
        LIMIT ${cursor ? 0 : sentBackLimit})
      UNION ALL
      (SELECT r.id, r.status, r.revision, r.active_ms, r.submitted_at, r.project_id, r.prompt_id, r.seq,
              false AS sent_back
         FROM responses r JOIN projects p ON p.id = r.project_id
        WHERE r.author_id = ${actor.id}::uuid AND r.status <> 'needs_revision' AND ${visible} ${after}
        ORDER BY r.submitted_at DESC, r.id DESC
        LIMIT ${limit + 1})
    )
    SELECT l.sent_back AS "sentBack", l.id, l.status::text AS status, l.revision, l.active_ms AS "activeMs",
           l.submitted_at AS "submittedAt",
           p.name AS "projectName", p.slug AS "projectSlug", p.blind_review AS "blindReview", p.rubric,
           p.labelers_see_scores AS "labelersSeeScores",
           pr.external_id AS "externalId",
           (SELECT m.value ->> 'content'
              FROM jsonb_array_elements(CASE jsonb_typeof(pr.messages) WHEN 'array' THEN pr.messages ELSE '[]' END)
                   WITH ORDINALITY AS m(value, i)
             WHERE m.value ->> 'role' = 'user'
             ORDER BY m.i LIMIT 1) AS "firstUserMessage",
           own.number AS "ownNumber", own.turns AS "ownTurns",
           coalesce((SELECT json_agg(json_build_object(
                              'decision', v.decision::text, 'comment', v.comment, 'reason', v.reason,
                              'scores', v.scores, 'revision', v.revision, 'createdAt', v.created_at,
                              'reviewer', json_build_object('id', u.id, 'name', u.name))
                            ORDER BY v.created_at, v.id)
                       FROM reviews v JOIN users u ON u.id = v.reviewer_id
                      WHERE v.response_id = l.id AND NOT v.second_opinion), '[]') AS reviews
      FROM listed l
      JOIN projects p ON p.id = l.project_id
      JOIN prompts pr ON pr.id = l.prompt_id
      LEFT JOIN LATERAL (SELECT rr.number, rr.turns FROM response_revisions rr
                          WHERE rr.response_id = l.id AND rr.author_id = ${actor.id}::uuid
                          ORDER BY rr.number DESC LIMIT 1) own ON true
     ORDER BY l.sent_back DESC, CASE WHEN l.sent_back THEN l.seq END, l.submitted_at DESC, l.id DESC`;
}
