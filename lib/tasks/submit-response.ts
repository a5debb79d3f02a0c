import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { pool, prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { measureTurn } from "@/lib/conversation/tokens";
import { recordEvent } from "@/lib/audit/record-event";
import { type SubmitRequest, submitResponseSchema } from "@/lib/tasks/schemas";
import { toResponseView, type ResponseView } from "@/lib/review/response-view";

type SubmitOutcome = {
  outcome: "not_found" | "skipped" | "invalid" | "existing" | "revise" | "lapsed" | "created";
  response: string | null;
  slots: number | null;
  token_limit: number | null;
};

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
 * as is the revision, `exemplar_resubmit_task`): one round trip under the task's row lock, which is
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
  const { turns, activeMs } = input;

  // Counting costs time in the text's length: nothing is counted before the task is known to be the
  // actor's, and a turn is counted only against the limit (measureTurn), so no request can buy a
  // long count with text it may not submit.
  const { rows: owned } = await pool().query<{ slots: number; token_limit: number }>({
    name: "submit-task-limits",
    text: `SELECT pr.slot_count AS slots, pj.max_response_tokens AS token_limit
             FROM tasks t JOIN prompts pr ON pr.id = t.prompt_id JOIN projects pj ON pj.id = pr.project_id
            WHERE t.id = $1 AND t.user_id = $2`,
    values: [taskId, actor.id],
  });
  if (!owned[0]) throw notFound("Task");
  const turnTokens = countForSubmit(turns, owned[0].slots, owned[0].token_limit);
  const { rows } = await pool().query<SubmitOutcome>({
    name: "submit-task",
    text: "SELECT outcome, response, slots, token_limit FROM exemplar_submit_task($1, $2, $3::jsonb, $4::int[], $5)",
    values: [taskId, actor.id, JSON.stringify(turns), turnTokens, activeMs ?? null],
  });
  const result = rows[0]!;
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
      return resubmit(actor, taskId, input);
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

// The response as its author gets it back, in one query (the ORM select loads each relation apart).
const RESPONSE_VIEW_SQL = `
  SELECT r.id, r.task_id, r.project_id, r.prompt_id, r.status::text AS status, r.turns, r.token_count, r.revision,
         r.second_opinion, r.submitted_at, r.updated_at, u.id AS author_id, u.name AS author_name,
         g.version AS g_version, p.external_id
    FROM responses r
    JOIN users u ON u.id = r.author_id
    JOIN prompts p ON p.id = r.prompt_id
    LEFT JOIN guidelines_versions g ON g.id = r.guidelines_version_id
   WHERE r.id = $1`;

type ResponseRow = {
  id: string;
  task_id: string;
  project_id: string;
  prompt_id: string;
  status: string;
  turns: string[];
  token_count: number;
  revision: number;
  second_opinion: boolean;
  submitted_at: Date;
  updated_at: Date;
  author_id: string;
  author_name: string;
  g_version: number | null;
  external_id: string | null;
};

async function readResponseView(responseId: string): Promise<ResponseView> {
  const { rows } = await pool().query<ResponseRow>({
    name: "response-view",
    text: RESPONSE_VIEW_SQL,
    values: [responseId],
  });
  const r = rows[0];
  if (!r) throw notFound("Response");
  return toResponseView({
    id: r.id,
    taskId: r.task_id,
    projectId: r.project_id,
    promptId: r.prompt_id,
    status: r.status,
    turns: r.turns,
    tokenCount: r.token_count,
    revision: r.revision,
    secondOpinion: r.second_opinion,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    author: { id: r.author_id, name: r.author_name },
    guidelines: r.g_version === null ? null : { version: r.g_version },
    prompt: { externalId: r.external_id },
  });
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
 * The revision is the SQL function `exemplar_resubmit_task` (prisma/functions/leasing.sql), with the
 * same token check as the submit; its audit event is written here, in the same transaction.
 */
async function resubmit(
  actor: Actor,
  taskId: string,
  request: { turns: string[]; activeMs?: number },
): Promise<{ created: boolean; response: ResponseView }> {
  type ResubmitOutcome = {
    outcome: "not_found" | "no_response" | "existing" | "invalid" | "revised";
    response: string | null;
    project: string | null;
    revision_before: number | null;
    slots: number | null;
    token_limit: number | null;
  };
  const { turns, activeMs } = request;
  const result = await prisma.$transaction(async (tx) => {
    // The task's limits bound the token count (countForSubmit); the function checks them again under its locks.
    const [limits] = await tx.$queryRaw<Array<{ slots: number; token_limit: number }>>`
      SELECT pr.slot_count AS slots, pj.max_response_tokens AS token_limit
        FROM tasks t JOIN prompts pr ON pr.id = t.prompt_id JOIN projects pj ON pj.id = pr.project_id
       WHERE t.id = ${taskId}::uuid AND t.user_id = ${actor.id}::uuid`;
    if (!limits) throw notFound("Task");
    const turnTokens = countForSubmit(turns, limits.slots, limits.token_limit);
    const [row] = await tx.$queryRaw<ResubmitOutcome[]>`
      SELECT outcome, response, project, revision_before, slots, token_limit
        FROM exemplar_resubmit_task(${taskId}::uuid, ${actor.id}::uuid, ${JSON.stringify(turns)}::jsonb,
                                    ${turnTokens}::int[], ${activeMs ?? null}::int)`;
    if (row!.outcome === "revised") {
      await recordEvent(
        {
          actorId: actor.id,
          action: "response.revise",
          entityType: "response",
          entityId: row!.response,
          projectId: row!.project,
          before: { status: "needs_revision", revision: row!.revision_before! },
          after: { status: "submitted", revision: row!.revision_before! + 1 },
        },
        tx,
      );
    }
    return row!;
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
