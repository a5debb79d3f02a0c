import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { pool, prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { countTurnTokens } from "@/lib/conversation/tokens";
import { nextRevision } from "@/lib/review/next-revision";
import { recordEvent } from "@/lib/audit/record-event";
import { SubmitRequest, submitResponseSchema } from "@/lib/tasks/schemas";
import { responseSelect, toResponseView, type ResponseView } from "@/lib/review/response-view";

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
 * Everything but the revision is the SQL function `exemplar_submit_task` (migration
 * 20261128020000_claim_and_submit_functions): one round trip under the task's row lock, which is
 * what bench:load measures (docs/performance.md). The turns' tokens are counted here, once; the
 * function checks them against the task's limits, and when they fail, the shared form schema
 * says why.
 */
export async function submitResponse(
  actor: Actor,
  taskId: string,
  input: unknown,
): Promise<{ created: boolean; response: ResponseView }> {
  const request = SubmitRequest.safeParse(input);
  if (!request.success) throw new AppError("validation_error", "The response is not valid", request.error.issues);
  if (!isUuid(taskId)) throw notFound("Task");
  const { turns, activeMs } = request.data;

  // NULL marks a turn with no text, which no limit allows (the schema's "Write the response" rule).
  const turnTokens = turns.map((t) => (t.trim().length > 0 ? countTurnTokens(t) : null));
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
      return resubmit(actor, taskId, request.data);
    case "existing":
      return { created: false, response: await readResponseView(result.response!) };
    case "created":
      return { created: true, response: await readResponseView(result.response!) };
  }
}

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
  const { rows } = await pool().query<ResponseRow>({ name: "response-view", text: RESPONSE_VIEW_SQL, values: [responseId] });
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
 */
async function resubmit(
  actor: Actor,
  taskId: string,
  request: { turns: string[]; activeMs?: number },
): Promise<{ created: boolean; response: ResponseView }> {
  const outcome = await prisma.$transaction(async (tx) => {
    const [task] = await tx.$queryRaw<Array<{ prompt_id: string; project_id: string; active_ms: number }>>`
      SELECT prompt_id, project_id, active_ms FROM tasks WHERE id = ${taskId}::uuid AND user_id = ${actor.id}::uuid FOR UPDATE`;
    if (!task) throw notFound("Task");
    const [current] = await tx.$queryRaw<Array<{ id: string; status: string; revision: number }>>`
      SELECT id, status::text AS status, revision FROM responses WHERE task_id = ${taskId}::uuid FOR UPDATE`;
    if (!current) throw notFound("Response");
    if (current.status !== "needs_revision") {
      return { created: false, response: await tx.response.findUniqueOrThrow({ where: { id: current.id }, select: responseSelect }) };
    }
    const { turns } = await validTurns(tx, task.prompt_id, request);
    const next = nextRevision(turns, current.revision, actor.id);
    const activeMs = Math.max(task.active_ms, request.activeMs ?? 0);
    await tx.task.update({ where: { id: taskId }, data: { draft: { turns }, draftUpdatedAt: new Date(), activeMs } });
    const response = await tx.response.update({
      where: { id: current.id },
      data: { ...next, status: "submitted", activeMs },
      select: responseSelect,
    });
    await recordEvent(
      {
        actorId: actor.id,
        action: "response.revise",
        entityType: "response",
        entityId: current.id,
        projectId: task.project_id,
        before: { status: "needs_revision", revision: current.revision },
        after: { status: "submitted", revision: next.revision },
      },
      tx,
    );
    return { created: true, response };
  });
  return { created: outcome.created, response: toResponseView(outcome.response) };
}
