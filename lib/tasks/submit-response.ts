import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import { measureTurn } from "@/lib/conversation/tokens";
import { recordEvent } from "@/lib/audit/record-event";
import { editDistanceFields } from "@/lib/review/revision-edit-distance";
import { storeEditDistance } from "@/lib/review/sql/edit-distance";
import { type CheckedSource, checkSources, measureSources, recordProvenance } from "@/lib/assistant/provenance";
import { type SubmitRequest, submitResponseSchema } from "@/lib/tasks/schemas";
import { toResponseView, type ResponseView } from "@/lib/review/response-view";
import { selectedResponseRow } from "@/lib/review/sql/response-view";
import { resubmitTaskRow, submitTaskRow, taskLimitsRow, type SubmittedTurns } from "@/lib/tasks/sql/leasing";

/**
 * Turns the assignee's text into a response. Idempotent: a second submit of the same task
 * returns the first response (`created: false`). A submit after the lease lapsed still counts
 * when the prompt needs responses; otherwise the text is kept as the draft and the caller gets
 * 409 lease_expired (docs/decisions/003-task-leasing.md). When a reviewer sent the response
 * back for a revision, a submit is the author's next revision and goes back to review
 * (docs/review.md). The editor's active time rides along (it only grows), and a labeler's
 * first submit in a project records the guidelines they wrote under as read (docs/workspace.md).
 *
 * Everything but the revision is the SQL function `exemplar_submit_task` (prisma/functions/leasing.sql,
 * as is the revision, `exemplar_resubmit_task`), the suggestion provenance of the turns included: one
 * round trip under the task's row lock, so a response never exists without its provenance, which is
 * what bench:load measures (docs/performance.md). The turns' tokens are counted here, once, after
 * one indexed read has found the task to be the actor's and read its limits; the function checks
 * them against the task's limits, and when they fail, the shared form schema says why.
 */
export async function submitResponse(
  actor: Actor,
  taskId: string,
  input: SubmitRequest,
): Promise<{ created: boolean; response: ResponseView }> {
  if (!isUuid(taskId)) throw notFound("Task");
  // A paused project still takes the submit of work in progress; an archived one takes nothing.
  await requireProjectOf(actor, { task: taskId }, "label", "write");
  const { turns, activeMs } = input;

  // Counting costs time in the text's length: nothing is counted before the task is known to be the
  // actor's, and a turn is counted only against the limit (measureTurn), so no request can buy a
  // long count with text it may not submit.
  const limits = await taskLimitsRow(taskId, actor.id);
  if (!limits) throw notFound("Task");
  const sources = await checkSources(taskId, input.suggestionIds);
  const submitted: SubmittedTurns = {
    turns,
    turnTokens: countForSubmit(turns, limits.slots, limits.token_limit),
    activeMs: activeMs ?? null,
  };
  // Measured before the submit so that its one statement writes the provenance with the response.
  const result = await submitTaskRow(taskId, actor.id, submitted, measureSources(sources, turns));
  switch (result.outcome) {
    case "not_found":
      throw notFound("Task");
    case "skipped":
      throw new AppError("conflict", "This task was skipped; it cannot be submitted");
    case "invalid":
      throw invalidTurns(turns, { slotCount: result.slots!, maxResponseTokens: result.token_limit! });
    case "lapsed":
      throw new AppError(
        "lease_expired",
        "The lease on this task ended and the prompt already has all its responses. Your text is kept as a draft.",
      );
    case "revise":
      return resubmit(actor, taskId, submitted, sources);
    case "existing":
      return { created: false, response: await readResponseView(result.response!) };
    case "created":
      return { created: true, response: await readResponseView(result.response!) };
  }
}

/**
 * The token count of each turn as the submit function checks it: NULL for a turn with no text (which
 * no limit allows: the schema's "Write the response" rule), and for every turn when their number is
 * not the task's (the function refuses that before reading any count). A turn over the limit is not
 * counted to the end: it gets a number above any limit, so a limit raised meanwhile cannot let it
 * through with a partial count.
 */
function countForSubmit(turns: string[], slots: number, limit: number): (number | null)[] {
  if (turns.length !== slots) return turns.map(() => null);
  return turns.map((t) => {
    if (t.trim().length === 0) return null;
    const { tokens, complete } = measureTurn(t, limit);
    return complete ? tokens : OVER_ANY_LIMIT;
  });
}
const OVER_ANY_LIMIT = 2 ** 31 - 1;

/** Why turns the submit function refused are not valid, in the form's words. */
function invalidTurns(turns: string[], limits: { slotCount: number; maxResponseTokens: number }): AppError {
  const valid = submitResponseSchema(limits).safeParse({ turns });
  return new AppError("validation_error", "The response is not valid", valid.success ? undefined : valid.error.issues);
}

/** The response as its author gets it back. */
async function readResponseView(responseId: string): Promise<ResponseView> {
  const r = await selectedResponseRow(responseId);
  if (!r) throw notFound("Response");
  return toResponseView(r);
}

type Tx = Prisma.TransactionClient;

/** The submitted text checked against the task's slots and the project's token limit. */
export async function validTurns(tx: Tx, promptId: string, request: { turns: string[] }) {
  const prompt = await tx.prompt.findUniqueOrThrow({
    where: { id: promptId },
    select: { slotCount: true, project: { select: { maxResponseTokens: true } } },
  });
  const schema = submitResponseSchema({
    slotCount: prompt.slotCount,
    maxResponseTokens: prompt.project.maxResponseTokens,
  });
  const valid = schema.safeParse(request);
  if (!valid.success) throw new AppError("validation_error", "The response is not valid", valid.error.issues);
  return { turns: valid.data.turns };
}

/**
 * The author's answer to "revise": a new revision, back in review. Every earlier text stays. The
 * status is read again under the locks: a second submit that raced this one finds the revision
 * written and gets it back (`created: false`), as any repeated submit does.
 *
 * The revision is the SQL function `exemplar_resubmit_task` (prisma/functions/leasing.sql), given the
 * turns as the submit counted them (the function checks the counts against the task's limits again
 * under its locks); its audit event is written here, in the same transaction.
 */
async function resubmit(
  actor: Actor,
  taskId: string,
  submitted: SubmittedTurns,
  sources: readonly CheckedSource[],
): Promise<{ created: boolean; response: ResponseView }> {
  const { turns } = submitted;
  const result = await prisma.$transaction(async (tx) => {
    const row = await resubmitTaskRow(tx, taskId, actor.id, submitted);
    if (row.outcome === "revised") {
      const number = row.revision_before! + 1;
      await storeEditDistance(tx, row.response!, await editDistanceFields(tx, row.response!, number, turns, false));
      await recordProvenance(tx, row.response!, sources, turns);
      await recordEvent(
        {
          actorId: actor.id,
          action: "response.revise",
          entityType: "response",
          entityId: row.response,
          projectId: row.project,
          before: { status: "needs_revision", revision: row.revision_before! },
          after: { status: "submitted", revision: row.revision_before! + 1 },
        },
        tx,
      );
    }
    return row;
  });
  switch (result.outcome) {
    case "not_found":
      throw notFound("Task");
    case "no_response":
      throw notFound("Response");
    case "invalid":
      throw invalidTurns(turns, { slotCount: result.slots!, maxResponseTokens: result.token_limit! });
    case "existing":
      return { created: false, response: await readResponseView(result.response!) };
    case "revised":
      return { created: true, response: await readResponseView(result.response!) };
  }
}
