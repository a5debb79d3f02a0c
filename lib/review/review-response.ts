import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import { recordEvent } from "@/lib/audit/record-event";
import { nextRevision } from "@/lib/review/next-revision";
import { editDistanceFields } from "@/lib/review/revision-edit-distance";
import { submitResponseSchema } from "@/lib/tasks/schemas";
import { projectRejectReasons, projectRubric } from "@/lib/review/rubric";
import { type ReviewRequest, reviewDecisionSchema } from "@/lib/review/schemas";
import { sampleSecondOpinion, type SecondOpinionSampler } from "@/lib/review/second-opinion";
import { personShower, reviewState, type ReviewFacts } from "@/lib/review/review-visibility";
import { responseSelect, toResponseView } from "@/lib/review/response-view";
import { lockResponseForReview, type LockedResponseRow as Locked } from "@/lib/review/sql/responses";

/** The response's status after each decision (undo-review.ts reads it to check nothing changed since). */
export const STATUS_AFTER = {
  accept: "accepted",
  reject: "rejected",
  revise: "needs_revision",
  edit: "accepted",
} as const;

/** The fields of a review that the API returns; response-detail.ts adds the reviewer. */
export const reviewSelect = {
  id: true,
  decision: true,
  comment: true,
  reason: true,
  scores: true,
  revision: true,
  secondOpinion: true,
  durationMs: true,
  createdAt: true,
} as const;

/**
 * Records one reviewer's decision on a response (docs/review.md). On a submitted response the
 * decision sets the status: accept → accepted, reject → rejected, revise → needs_revision (back
 * to the author), edit → the reviewer's text becomes the final revision, accepted. An accept,
 * reject or edit may choose the response for a second opinion (the project's rate); that second
 * review, by another reviewer, is recorded without changing the status. Nobody reviews their own.
 */
export async function reviewResponse(
  actor: Actor,
  responseId: string,
  input: ReviewRequest,
  options: { sample?: SecondOpinionSampler } = {},
) {
  assertCan(actor, "review");
  if (!isUuid(responseId)) throw notFound("Response");
  await requireProjectOf(actor, { response: responseId }, "review", "write");
  const sample = options.sample ?? sampleSecondOpinion;

  return prisma.$transaction(async (tx) => {
    // The row lock orders concurrent reviews of one response: the second sees the first's outcome.
    const row = await lockResponseForReview(tx, responseId);
    if (!row) throw notFound("Response");
    if (row.author_id === actor.id) throw forbidden("You cannot review your own response");
    const reviews = await tx.review.findMany({
      where: { responseId },
      orderBy: { createdAt: "asc" },
      select: { reviewerId: true, secondOpinion: true, revision: true },
    });
    const state = reviewState(
      actor,
      { authorId: row.author_id, status: row.status, secondOpinion: row.second_opinion },
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

    const project = await tx.project.findUniqueOrThrow({
      where: { id: row.project_id },
      select: {
        rubric: true,
        rejectReasons: true,
        secondOpinionRate: true,
        maxResponseTokens: true,
        blindReview: true,
      },
    });
    const settings = {
      rubric: projectRubric(project.rubric),
      rejectReasons: projectRejectReasons(project.rejectReasons),
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
    const edit =
      decision === "edit"
        ? await editedRevision(tx, actor, responseId, row, project.maxResponseTokens, editedTurns ?? [])
        : {};

    const review = await tx.review.create({
      data: {
        responseId,
        reviewerId: actor.id,
        decision,
        comment: comment ?? null,
        reason: reason ?? null,
        ...(scores ? { scores } : {}),
        // A second opinion judges what the first decision judged, not a reviewer's edit of it.
        revision: secondOpinion ? (state.judgedRevision ?? row.revision) : row.revision,
        secondOpinion,
        durationMs: durationMs ?? null,
      },
      select: reviewSelect,
    });

    const response = secondOpinion
      ? await tx.response.findUniqueOrThrow({ where: { id: responseId }, select: responseSelect })
      : await tx.response.update({
          where: { id: responseId },
          data: {
            status: STATUS_AFTER[decision],
            ...edit,
            ...(decision !== "revise" && sample(responseId, project.secondOpinionRate) ? { secondOpinion: true } : {}),
          },
          select: responseSelect,
        });

    await recordEvent(
      {
        actorId: actor.id,
        action: "review.decide",
        entityType: "response",
        entityId: responseId,
        projectId: row.project_id,
        before: { status: row.status, revision: row.revision },
        after: {
          status: response.status,
          revision: response.revision,
          decision,
          reviewId: review.id,
          secondOpinion,
          ...(secondOpinion ? {} : { chosenForSecondOpinion: response.secondOpinion }),
        },
      },
      tx,
    );
    const show = personShower(actor, row.author_id, project.blindReview);
    return {
      review: { ...review, scores: review.scores as Record<string, number> | null, reviewer: show(actor) },
      response: toResponseView(response, show),
    };
  });
}

/** The reviewer's text as the final revision, validated like a submit of the same task. */
async function editedRevision(
  tx: Prisma.TransactionClient,
  actor: Actor,
  responseId: string,
  row: Locked,
  maxResponseTokens: number,
  editedTurns: string[],
): Promise<Prisma.ResponseUpdateInput> {
  const { slotCount } = await tx.prompt.findUniqueOrThrow({
    where: { id: row.prompt_id },
    select: { slotCount: true },
  });
  const valid = submitResponseSchema({ slotCount, maxResponseTokens }).safeParse({ turns: editedTurns });
  if (!valid.success) {
    throw invalid(valid.error.issues.map((issue) => ({ ...issue, path: ["editedTurns", ...issue.path.slice(1)] })));
  }
  const { turns } = valid.data;
  if (JSON.stringify(turns) === JSON.stringify(row.turns)) {
    throw invalid([{ path: ["editedTurns"], message: "The edit changes nothing; accept the response instead" }]);
  }
  const next = nextRevision(turns, row.revision, actor.id);
  return { ...next, ...(await editDistanceFields(tx, responseId, next.revision, turns, true)) };
}

function cannotReview(actor: Actor, row: Locked, reviews: readonly ReviewFacts[]): AppError {
  if (row.status === "needs_revision")
    return new AppError("conflict", "This response is back with its author for a revision");
  if (!row.second_opinion) return new AppError("conflict", `This response was already reviewed (${row.status})`);
  if (reviews.some((r) => r.secondOpinion))
    return new AppError("conflict", "This response already has its second opinion");
  if (reviews.some((r) => r.reviewerId === actor.id)) {
    return new AppError(
      "conflict",
      "You reviewed this response already; its second opinion must come from another reviewer",
    );
  }
  return new AppError("conflict", `This response was already reviewed (${row.status})`);
}

function invalid(details: unknown): AppError {
  return new AppError("validation_error", "The review is not valid", details);
}
