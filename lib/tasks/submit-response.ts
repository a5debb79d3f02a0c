import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { countResponseTokens } from "@/lib/conversation/tokens";
import { nextRevision } from "@/lib/review/next-revision";
import { recordEvent } from "@/lib/audit/record-event";
import { SubmitRequest, submitResponseSchema } from "@/lib/tasks/schemas";
import { responseSelect, toResponseView, type ResponseView } from "@/lib/review/response-view";
import { recordFirstGuidelinesRead } from "@/lib/tasks/guidelines-acknowledgement";

type Locked = {
  status: string;
  prompt_id: string;
  project_id: string;
  lapsed: boolean;
  guidelines_version_id: string | null;
  active_ms: number;
};

/**
 * Turns the assignee's text into a response. Idempotent: a second submit of the same task
 * returns the first response (`created: false`). A submit after the lease lapsed still counts
 * when the prompt needs responses; otherwise the text is kept as the draft and the caller gets
 * 409 lease_expired (docs/decisions/003-task-leasing.md). When a reviewer sent the response
 * back for a revision, a submit is the author's next revision and goes back to review
 * (docs/review.md). The editor's active time rides along (it only grows), and a labeler's
 * first submit in a project records the guidelines they wrote under as read (docs/workspace.md).
 */
export async function submitResponse(
  actor: Actor,
  taskId: string,
  input: unknown,
): Promise<{ created: boolean; response: ResponseView }> {
  const request = SubmitRequest.safeParse(input);
  if (!request.success) throw new AppError("validation_error", "The response is not valid", request.error.issues);
  if (!isUuid(taskId)) throw notFound("Task");

  const outcome = await prisma.$transaction(async (tx) => {
    const [task] = await tx.$queryRaw<Locked[]>`
      SELECT status, prompt_id, project_id, guidelines_version_id, active_ms, expires_at <= now() AS lapsed
        FROM tasks WHERE id = ${taskId}::uuid AND user_id = ${actor.id}::uuid FOR UPDATE`;
    if (!task) throw notFound("Task");
    if (task.status === "submitted") {
      const [current] = await tx.$queryRaw<Array<{ id: string; status: string; revision: number }>>`
        SELECT id, status::text AS status, revision FROM responses WHERE task_id = ${taskId}::uuid FOR UPDATE`;
      if (current?.status === "needs_revision") {
        return { kind: "created" as const, response: await resubmit(tx, actor, { ...task, id: taskId }, current, request.data) };
      }
      const existing = await tx.response.findUniqueOrThrow({ where: { taskId }, select: responseSelect });
      return { kind: "existing" as const, response: existing };
    }
    if (task.status === "skipped") throw new AppError("conflict", "This task was skipped; it cannot be submitted");

    const { prompt, turns } = await validTurns(tx, task.prompt_id, request.data);
    const activeMs = Math.max(task.active_ms, request.data.activeMs ?? 0);

    if (task.status !== "active" || task.lapsed) {
      // The lease lapsed: the task no longer holds a place; take one if the prompt has room.
      const [room] = await tx.$queryRaw<Array<{ taken: number }>>`
        SELECT taken FROM prompts WHERE id = ${task.prompt_id}::uuid FOR UPDATE`;
      let taken = room?.taken ?? 0;
      if (task.status === "active") taken -= 1;
      if (taken >= prompt.project.responsesPerPrompt) {
        await tx.$executeRaw`UPDATE prompts SET taken = ${taken} WHERE id = ${task.prompt_id}::uuid`;
        await tx.task.update({
          where: { id: taskId },
          data: { status: "expired", finishedAt: new Date(), draft: { turns }, draftUpdatedAt: new Date(), activeMs },
        });
        return { kind: "lapsed" as const };
      }
      await tx.$executeRaw`UPDATE prompts SET taken = ${taken + 1} WHERE id = ${task.prompt_id}::uuid`;
    }

    await tx.task.update({
      where: { id: taskId },
      data: { status: "submitted", finishedAt: new Date(), draft: { turns }, draftUpdatedAt: new Date(), activeMs },
    });
    const response = await tx.response.create({
      data: {
        taskId,
        projectId: task.project_id,
        promptId: task.prompt_id,
        authorId: actor.id,
        guidelinesVersionId: task.guidelines_version_id,
        turns,
        tokenCount: countResponseTokens(turns),
        activeMs,
        revisions: { create: { number: 1, turns, authorId: actor.id } },
      },
      select: responseSelect,
    });
    await recordFirstGuidelinesRead(tx, actor.id, task.project_id, task.guidelines_version_id);
    return { kind: "created" as const, response };
  });

  if (outcome.kind === "lapsed") {
    throw new AppError(
      "lease_expired",
      "The lease on this task ended and the prompt already has all its responses. Your text is kept as a draft.",
    );
  }
  return { created: outcome.kind === "created", response: toResponseView(outcome.response) };
}

type Tx = Prisma.TransactionClient;

/** The submitted text checked against the task's slots and the project's token limit. */
export async function validTurns(tx: Tx, promptId: string, request: { turns: string[] }) {
  const prompt = await tx.prompt.findUniqueOrThrow({
    where: { id: promptId },
    select: { slotCount: true, project: { select: { maxResponseTokens: true, responsesPerPrompt: true } } },
  });
  const schema = submitResponseSchema({
    slotCount: prompt.slotCount,
    maxResponseTokens: prompt.project.maxResponseTokens,
  });
  const valid = schema.safeParse(request);
  if (!valid.success) throw new AppError("validation_error", "The response is not valid", valid.error.issues);
  return { prompt, turns: valid.data.turns };
}

/** The author's answer to "revise": a new revision, back in review. Every earlier text stays. */
async function resubmit(
  tx: Tx,
  actor: Actor,
  task: Locked & { id: string },
  current: { id: string; revision: number },
  request: { turns: string[]; activeMs?: number },
) {
  const { turns } = await validTurns(tx, task.prompt_id, request);
  const next = nextRevision(turns, current.revision, actor.id);
  const activeMs = Math.max(task.active_ms, request.activeMs ?? 0);
  await tx.task.update({ where: { id: task.id }, data: { draft: { turns }, draftUpdatedAt: new Date(), activeMs } });
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
  return response;
}
