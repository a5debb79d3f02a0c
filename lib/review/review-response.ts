import "server-only";
import { randomUUID } from "node:crypto";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { decideProjectAccess } from "@/lib/projects/access";
import { nextRevision } from "@/lib/review/next-revision";
import { editDistanceFrom } from "@/lib/review/revision-edit-distance";
import { submitResponseSchema } from "@/lib/tasks/schemas";
import { projectRejectReasons, projectRubric } from "@/lib/review/rubric";
import { type ReviewRequest, reviewDecisionSchema } from "@/lib/review/schemas";
import { sampleSecondOpinion, type SecondOpinionSampler } from "@/lib/review/second-opinion";
import { personShower, reviewState, type ReviewFacts } from "@/lib/review/review-visibility";
import { toResponseView } from "@/lib/review/response-view";
import {
  reviewContextRow,
  writeReviewDecision,
  type ReviewContextRow,
  type ReviewDecisionWrite,
} from "@/lib/review/sql/review-decision";

/** The response's status after each decision (undo-review.ts reads it to check nothing changed since). */
export const STATUS_AFTER = {
  accept: "accepted",
  reject: "rejected",
  revise: "needs_revision",
  edit: "accepted",
} as const;

// A decision is made on one read and written on the condition that the response is still as read; when another
// write came between the two, it is made again on a fresh read, which then sees that write (most often a 409).
// Each retry means another write to this response succeeded meanwhile, so a third miss in a row does not happen
// short of a storm of writes to one response.
const ATTEMPTS = 3;

/**
 * Records one reviewer's decision on a response (docs/review.md). On a submitted response the
 * decision sets the status: accept → accepted, reject → rejected, revise → needs_revision (back
 * to the author), edit → the reviewer's text becomes the final revision, accepted. An accept,
 * reject or edit may choose the response for a second opinion (the project's rate); that second
 * review, by another reviewer, is recorded without changing the status. Nobody reviews their own.
 *
 * Two round trips, no transaction held open across them: one read of everything the decision is made on (the
 * project and the reviewer's access to it, its review settings, the response and its reviews), the rules
 * applied here, then one statement that writes the review, the response and the audit event only if the
 * response is still as read (lib/review/sql/review-decision.ts).
 */
export async function reviewResponse(
  actor: Actor,
  responseId: string,
  input: ReviewRequest,
  options: { sample?: SecondOpinionSampler } = {},
) {
  assertCan(actor, "review");
  if (!isUuid(responseId)) throw notFound("Response");
  const sample = options.sample ?? sampleSecondOpinion;

  for (let attempt = 1; ; attempt++) {
    const row = await reviewContextRow(responseId, actor.id, input.decision === "edit");
    if (!row) throw notFound("Response");
    // The answers of requireProjectOf(actor, { response }, "review", "write"), on the row read with the rest.
    decideProjectAccess(actor, row, "review", "write", "Response");
    const written = await writeReviewDecision(decide(actor, responseId, row, input, sample));
    if (written) {
      const show = personShower(actor, row.author_id, row.blind_review);
      const { review, response } = written;
      return {
        review: { ...review, scores: review.scores as Record<string, number> | null, reviewer: show(actor) },
        response: toResponseView(response, show),
      };
    }
    if (attempt === ATTEMPTS) {
      throw new AppError("conflict", "This response changed while your decision was saved; reload it and decide again");
    }
  }
}

/** The decision's rules on what was read: the error to answer, or what to write. */
function decide(
  actor: Actor,
  responseId: string,
  row: ReviewContextRow,
  input: ReviewRequest,
  sample: SecondOpinionSampler,
): ReviewDecisionWrite {
  if (row.author_id === actor.id) throw forbidden("You cannot review your own response");
  const reviews = row.reviews;
  const state = reviewState(
    actor,
    { authorId: row.author_id, status: row.r_status, secondOpinion: row.second_opinion },
    reviews,
  );
  if (!state.canReview) throw cannotReview(actor, row, reviews);
  const secondOpinion = state.canReview === "second_opinion";
  if (!secondOpinion && input.revision !== undefined && input.revision !== row.revision) {
    throw new AppError(
      "conflict",
      `The author changed this response since you opened it (now revision ${row.revision}); reload to read the new text`,
      { reason: "revision_changed", revision: row.revision },
    );
  }

  const settings = {
    rubric: projectRubric(row.rubric),
    rejectReasons: projectRejectReasons(row.reject_reasons),
  };
  // The rules of this project (reasons, rubric): a check that needs the database, not the shape check.
  const parsed = reviewDecisionSchema(settings).safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { decision, comment, reason, scores, durationMs, editedTurns } = parsed.data;
  if (secondOpinion && decision !== "accept" && decision !== "reject") {
    throw invalid([
      { path: ["decision"], message: "A second opinion is accept or reject; it does not change the response" },
    ]);
  }
  const edit = decision === "edit" ? editedRevision(actor, row, editedTurns ?? []) : null;
  const chosen = !secondOpinion && decision !== "revise" && sample(responseId, row.second_opinion_rate);

  const reviewId = randomUUID();
  const status = secondOpinion ? row.r_status : STATUS_AFTER[decision];
  return {
    responseId,
    reviewerId: actor.id,
    expected: {
      status: row.r_status,
      revision: row.revision,
      secondOpinion: row.second_opinion,
      secondOpinionGiven: row.second_opinion_given,
      reviewIds: row.reviews.map((r) => r.id),
    },
    review: {
      id: reviewId,
      decision,
      comment: comment ?? null,
      reason: reason ?? null,
      scores: scores ?? null,
      // A second opinion judges what the first decision judged, not a reviewer's edit of it.
      revision: secondOpinion ? (state.judgedRevision ?? row.revision) : row.revision,
      secondOpinion,
      durationMs: durationMs ?? null,
    },
    after: secondOpinion ? null : { status, chooseSecondOpinion: chosen, edit },
    event: {
      actorId: actor.id,
      action: "review.decide",
      entityType: "response",
      entityId: responseId,
      projectId: row.id,
      before: { status: row.r_status, revision: row.revision },
      after: {
        status,
        revision: edit?.revision ?? row.revision,
        decision,
        reviewId,
        secondOpinion,
        ...(secondOpinion ? {} : { chosenForSecondOpinion: row.second_opinion || chosen }),
      },
    },
  };
}

/** The reviewer's text as the final revision, validated like a submit of the same task. */
function editedRevision(actor: Actor, row: ReviewContextRow, editedTurns: string[]) {
  const valid = submitResponseSchema({
    slotCount: row.slot_count!,
    maxResponseTokens: row.max_response_tokens,
  }).safeParse({ turns: editedTurns });
  if (!valid.success) {
    throw invalid(valid.error.issues.map((issue) => ({ ...issue, path: ["editedTurns", ...issue.path.slice(1)] })));
  }
  const { turns } = valid.data;
  if (JSON.stringify(turns) === JSON.stringify(row.turns)) {
    throw invalid([{ path: ["editedTurns"], message: "The edit changes nothing; accept the response instead" }]);
  }
  const next = nextRevision(turns, row.revision, actor.id);
  return {
    turns: next.turns,
    revision: next.revision,
    tokenCount: next.tokenCount,
    ...editDistanceFrom(row.first_turns, next.revision, turns, true),
  };
}

function cannotReview(actor: Actor, row: ReviewContextRow, reviews: readonly ReviewFacts[]): AppError {
  if (row.r_status === "needs_revision")
    return new AppError("conflict", "This response is back with its author for a revision");
  if (!row.second_opinion) return new AppError("conflict", `This response was already reviewed (${row.r_status})`);
  if (reviews.some((r) => r.secondOpinion))
    return new AppError("conflict", "This response already has its second opinion");
  if (reviews.some((r) => r.reviewerId === actor.id)) {
    return new AppError(
      "conflict",
      "You reviewed this response already; its second opinion must come from another reviewer",
    );
  }
  return new AppError("conflict", `This response was already reviewed (${row.r_status})`);
}

function invalid(details: unknown): AppError {
  return new AppError("validation_error", "The review is not valid", details);
}
