import "server-only";
import { prisma } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import { recordEvent } from "@/lib/audit/record-event";
import { countResponseTokens } from "@/lib/conversation/tokens";
import { personShower } from "@/lib/review/review-visibility";
import { responseSelect, toResponseView } from "@/lib/review/response-view";
import { latestReview, lockResponseForUndo } from "@/lib/review/sql/undo";
import { STATUS_AFTER } from "@/lib/review/review-response";
import { editDistanceFields } from "@/lib/review/revision-edit-distance";

/** How long after deciding a reviewer may take the decision back (docs/review.md, "Undo"). */
export const UNDO_WINDOW_SECONDS = 30;

function cannotUndo(reason: "too_late" | "superseded", message: string): AppError {
  return new AppError("conflict", message, { reason });
}

/**
 * Takes back the caller's decision on a response, as if it had not been made: the review is
 * deleted, the response is `submitted` again with the text the decision judged (a reviewer's edit
 * is removed), and it is back in the queue. Allowed only to the reviewer who decided, within
 * UNDO_WINDOW_SECONDS, and only while that decision is the last thing that happened to the
 * response: no review since (a second opinion), no resubmit by the author. The row lock that
 * orders decisions orders the undo with them, so an undo and a decision never both pass.
 * A second opinion can be taken back the same way; it never changed the response.
 */
export async function undoReview(actor: Actor, responseId: string) {
  assertCan(actor, "review");
  if (!isUuid(responseId)) throw notFound("Response");
  // A decision is a write: a project the actor may not review, or an archived one, refuses its undo too.
  await requireProjectOf(actor, { response: responseId }, "review", "write");

  return prisma.$transaction(async (tx) => {
    const row = await lockResponseForUndo(tx, responseId);
    if (!row) throw notFound("Response");
    const last = await latestReview(tx, responseId, actor.id);
    if (!last?.reviewed_by_caller) throw forbidden("Only the reviewer who made a decision can undo it");
    if (last.reviewer_id !== actor.id) {
      throw cannotUndo("superseded", "Another review of this response came after yours; it cannot be undone now");
    }
    if (last.age_seconds > UNDO_WINDOW_SECONDS) {
      throw cannotUndo("too_late", `A decision can be undone for ${UNDO_WINDOW_SECONDS} seconds; this one is older`);
    }
    const edited = last.decision === "edit";
    const expectedRevision = edited ? last.revision + 1 : last.revision;
    if (!last.second_opinion && (row.status !== STATUS_AFTER[last.decision] || row.revision !== expectedRevision)) {
      throw cannotUndo("superseded", "The response changed since your decision (its author resubmitted it)");
    }

    await tx.review.delete({ where: { id: last.id } });
    if (!last.second_opinion) {
      const judged = edited
        ? await tx.responseRevision.findUniqueOrThrow({
            where: { responseId_number: { responseId, number: last.revision } },
            select: { turns: true },
          })
        : null;
      if (edited) {
        await tx.responseRevision.delete({ where: { responseId_number: { responseId, number: row.revision } } });
      }
      await tx.response.update({
        where: { id: responseId },
        data: {
          status: "submitted",
          // Only a decision that set the status samples a second opinion (a first decision: it was false before).
          ...(last.decision !== "revise" ? { secondOpinion: false } : {}),
          ...(judged
            ? {
                turns: judged.turns as string[],
                revision: last.revision,
                tokenCount: countResponseTokens(judged.turns as string[]),
                // The judged text is the author's: only an edit, which this undoes, is a reviewer's.
                ...(await editDistanceFields(tx, responseId, last.revision, judged.turns as string[], false)),
              }
            : {}),
        },
      });
    }
    const response = await tx.response.findUniqueOrThrow({ where: { id: responseId }, select: responseSelect });

    await recordEvent(
      {
        actorId: actor.id,
        action: "review.undo",
        entityType: "response",
        entityId: responseId,
        projectId: row.project_id,
        before: {
          status: row.status,
          revision: row.revision,
          reviewId: last.id,
          decision: last.decision,
          secondOpinion: last.second_opinion,
          comment: last.comment,
          reason: last.reason,
          scores: last.scores,
        },
        after: { status: response.status, revision: response.revision },
      },
      tx,
    );
    const show = personShower(actor, row.author_id, row.blind_review);
    return {
      undone: { reviewId: last.id, decision: last.decision, secondOpinion: last.second_opinion },
      response: toResponseView(response, show),
    };
  });
}
