import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ResponseStatus, ReviewDecision } from "@/generated/prisma/enums";
import { pool } from "@/lib/db";
import type { AuditEventInput } from "@/lib/audit/record-event";
import type { ProjectAccessRow } from "@/lib/projects/sql/project-access";
import type { ReviewFacts } from "@/lib/review/review-visibility";
import type { SelectedResponse } from "@/lib/review/response-view";
import { responseViewSql } from "@/lib/review/sql/response-view";

/**
 * The two statements of a review decision (lib/review/review-response.ts): what the decision is made on, read in
 * one round trip, and the decision written in one more, on the condition that the response is still as it was
 * read. Neither holds a connection between round trips (no interactive transaction).
 */

/**
 * The response's project with the reviewer's membership (what lib/projects/access.ts decides on), the project's
 * review settings, the response's state and its reviews (oldest first); for an edit also its text, its prompt's
 * slot count and its first revision's text.
 */
export type ReviewContextRow = ProjectAccessRow & {
  rubric: Prisma.JsonValue;
  reject_reasons: string[];
  second_opinion_rate: number;
  max_response_tokens: number;
  blind_review: boolean;
  author_id: string;
  r_status: ResponseStatus;
  revision: number;
  second_opinion: boolean;
  second_opinion_given: boolean;
  reviews: (ReviewFacts & { id: string })[];
  turns: string[] | null;
  slot_count: number | null;
  first_turns: string[] | null;
};

const REVIEW_CONTEXT_SQL = `
  SELECT p.id, p.slug, p.name, p.access::text AS access, p.status::text AS status,
         (SELECT pm.role::text FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $2) AS member_role,
         p.rubric, p.reject_reasons, p.second_opinion_rate, p.max_response_tokens, p.blind_review,
         r.author_id, r.status::text AS r_status, r.revision, r.second_opinion, r.second_opinion_given,
         (SELECT coalesce(json_agg(json_build_object('id', v.id, 'reviewerId', v.reviewer_id,
                                                     'secondOpinion', v.second_opinion, 'revision', v.revision)
                                   ORDER BY v.created_at), '[]')
            FROM reviews v WHERE v.response_id = r.id) AS reviews,
         CASE WHEN $3::boolean THEN r.turns END AS turns,
         CASE WHEN $3::boolean THEN (SELECT pr.slot_count FROM prompts pr WHERE pr.id = r.prompt_id) END AS slot_count,
         CASE WHEN $3::boolean THEN (SELECT rv.turns FROM response_revisions rv
                                      WHERE rv.response_id = r.id AND rv.number = 1) END AS first_turns
    FROM responses r
    JOIN projects p ON p.id = r.project_id
   WHERE r.id = $1`;

/** What a decision by `userId` on the response is made on; undefined when there is no such response. */
export async function reviewContextRow(
  responseId: string,
  userId: string,
  edit: boolean,
): Promise<ReviewContextRow | undefined> {
  const { rows } = await pool().query<ReviewContextRow>({
    name: "review-context",
    text: REVIEW_CONTEXT_SQL,
    values: [responseId, userId, edit],
  });
  return rows[0];
}

/** The review as the API returns it (`ReviewView` of lib/review/response-view.ts, without the reviewer). */
export type DecidedReview = {
  id: string;
  decision: ReviewDecision;
  comment: string | null;
  reason: string | null;
  scores: Prisma.JsonValue;
  revision: number;
  secondOpinion: boolean;
  durationMs: number | null;
  createdAt: Date;
};

export type ReviewDecisionWrite = {
  responseId: string;
  reviewerId: string;
  /** The response's state the decision was made on; nothing is written unless it still is. */
  expected: {
    status: ResponseStatus;
    revision: number;
    secondOpinion: boolean;
    secondOpinionGiven: boolean;
    /** The ids of its reviews: an undo and a new decision in between can leave the row's own fields as they were. */
    reviewIds: string[];
  };
  review: Omit<DecidedReview, "createdAt">;
  /** The response after a decision; null for a second opinion, which leaves it as it is. */
  after: {
    status: ResponseStatus;
    /** Chosen for a second opinion now (it stays chosen if it was). */
    chooseSecondOpinion: boolean;
    /** A reviewer's edit: the new revision, its text and what is stored with it. */
    edit: {
      turns: string[];
      revision: number;
      tokenCount: number;
      editDistance: number | null;
      reviewerEdited: boolean;
    } | null;
  } | null;
  event: AuditEventInput;
};

// The decision in one statement. `locked` takes the response's row lock (the lock that orders concurrent reviews
// and undos of one response) only while the row is as the caller read it, rechecked on the latest version when
// another transaction changed it meanwhile; every write of a review changes its response's row in the same
// transaction (its status, or second_opinion_given by the reviews trigger). The ids of its reviews are compared
// too: an undo and then a new decision can leave the row's own fields exactly as they were read.
// Without it nothing is written and no row comes back. The review is written before the response (`decided`
// reads `review`), so the summaries' triggers fire in the order of every other review write (decision 021).
// A second opinion leaves the response as it is (`judged` is then the locked row). The answer is read from what
// the statement wrote: a statement does not see its own changes in the tables.
const REVIEW_DECISION_SQL = `
  WITH locked AS (
    SELECT r.*
      FROM responses r
     WHERE r.id = $1 AND r.status = $3::"ResponseStatus" AND r.revision = $4 AND r.second_opinion = $5
       AND r.second_opinion_given = $6
       AND (SELECT coalesce(array_agg(v.id ORDER BY v.id), '{}') FROM reviews v WHERE v.response_id = r.id)
           = $29::uuid[]
       FOR UPDATE
  ),
  review AS (
    INSERT INTO reviews (id, response_id, reviewer_id, decision, comment, reason, scores, revision, second_opinion,
                         duration_ms)
    SELECT $7::uuid, l.id, $2::uuid, $8::"ReviewDecision", $9::text, $10::text, $11::jsonb, $12::int, $13::boolean,
           $14::int
      FROM locked l
    RETURNING id, response_id, decision, comment, reason, scores, revision, second_opinion, duration_ms, created_at
  ),
  decided AS (
    UPDATE responses r
       SET status = $15::"ResponseStatus", second_opinion = r.second_opinion OR $16::boolean, updated_at = now(),
           turns = coalesce($17::jsonb, r.turns), revision = coalesce($18::int, r.revision),
           token_count = coalesce($19::int, r.token_count),
           edit_distance = CASE WHEN $17::jsonb IS NULL THEN r.edit_distance ELSE $20::float8 END,
           reviewer_edited = CASE WHEN $17::jsonb IS NULL THEN r.reviewer_edited ELSE $21::boolean END
      FROM review v
     WHERE r.id = v.response_id AND NOT v.second_opinion
    RETURNING r.*
  ),
  revised AS (
    INSERT INTO response_revisions (response_id, number, turns, author_id)
    SELECT d.id, d.revision, d.turns, $2::uuid FROM decided d WHERE $17::jsonb IS NOT NULL
  ),
  event AS (
    INSERT INTO audit_events (actor_id, action, entity_type, entity_id, project_id, before, after)
    SELECT $22::uuid, $23::text, $24::text, $25::text, $26::uuid, $27::jsonb, $28::jsonb FROM review
  ),
  judged AS (
    SELECT * FROM decided
    UNION ALL
    SELECT * FROM locked WHERE $13::boolean
  )
  SELECT x.*, v.id AS review_id, v.decision::text AS review_decision, v.comment AS review_comment,
         v.reason AS review_reason, v.scores AS review_scores, v.revision AS review_revision,
         v.second_opinion AS review_second_opinion, v.duration_ms AS review_duration_ms,
         v.created_at AS review_created_at
    FROM (${responseViewSql("judged")}) x
   CROSS JOIN review v`;

type DecidedRow = SelectedResponse & {
  review_id: string;
  review_decision: ReviewDecision;
  review_comment: string | null;
  review_reason: string | null;
  review_scores: Prisma.JsonValue;
  review_revision: number;
  review_second_opinion: boolean;
  review_duration_ms: number | null;
  review_created_at: Date;
};

/**
 * Writes the decision: the review, the response after it (an edit's revision too) and the audit event, in one
 * statement. Undefined when the response is no longer in the expected state (or gone): nothing was written.
 */
export async function writeReviewDecision(
  write: ReviewDecisionWrite,
): Promise<{ review: DecidedReview; response: SelectedResponse } | undefined> {
  const { expected, review, after, event } = write;
  const edit = after?.edit ?? null;
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const { rows } = await pool().query<DecidedRow>({
    name: "review-decision",
    text: REVIEW_DECISION_SQL,
    values: [
      write.responseId,
      write.reviewerId,
      expected.status,
      expected.revision,
      expected.secondOpinion,
      expected.secondOpinionGiven,
      review.id,
      review.decision,
      review.comment,
      review.reason,
      json(review.scores ?? undefined),
      review.revision,
      review.secondOpinion,
      review.durationMs,
      after?.status ?? null,
      after?.chooseSecondOpinion ?? false,
      edit ? JSON.stringify(edit.turns) : null,
      edit?.revision ?? null,
      edit?.tokenCount ?? null,
      edit?.editDistance ?? null,
      edit?.reviewerEdited ?? null,
      event.actorId,
      event.action,
      event.entityType,
      event.entityId ?? null,
      event.projectId ?? null,
      json(event.before),
      json(event.after),
      [...expected.reviewIds].sort(),
    ],
  });
  const row = rows[0];
  if (!row) return undefined;
  const {
    review_id,
    review_decision,
    review_comment,
    review_reason,
    review_scores,
    review_revision,
    review_second_opinion,
    review_duration_ms,
    review_created_at,
    ...response
  } = row;
  return {
    review: {
      id: review_id,
      decision: review_decision,
      comment: review_comment,
      reason: review_reason,
      scores: review_scores,
      revision: review_revision,
      secondOpinion: review_second_opinion,
      durationMs: review_duration_ms,
      createdAt: review_created_at,
    },
    response,
  };
}
