import "server-only";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import { nextRevision } from "@/lib/review/next-revision";
import { editDistanceFields } from "@/lib/review/revision-edit-distance";
import { recordEvent } from "@/lib/audit/record-event";
import { checkSources, recordProvenance } from "@/lib/assistant/provenance";
import { responseSelect, toResponseView, type ResponseView } from "@/lib/review/response-view";
import type { EditResponseInput } from "@/lib/tasks/schemas";
import { lockOwnResponse } from "@/lib/tasks/sql/responses";
import { validTurns } from "@/lib/tasks/submit-response";

/**
 * Edit after submit (docs/workspace.md): while a response still waits for its first review,
 * its author may change it. Each change is the next revision, kept beside the earlier ones
 * and shown to reviewers; the response stays in the queue where it was. Sending the same text
 * again changes nothing (200, `created: false`), so a retried request never adds a revision.
 * Once a reviewer decided, the response is theirs: 409.
 */
export async function editResponse(
  actor: Actor,
  responseId: string,
  input: EditResponseInput,
): Promise<{ created: boolean; response: ResponseView }> {
  assertCan(actor, "label");
  if (!isUuid(responseId)) throw notFound("Response");
  await requireProjectOf(actor, { response: responseId }, "label", "write");

  const outcome = await prisma.$transaction(async (tx) => {
    const row = await lockOwnResponse(tx, responseId, actor.id);
    if (!row) throw notFound("Response");
    if (row.status === "needs_revision") {
      throw new AppError("conflict", "A reviewer sent this response back: revise it from the project's writing screen");
    }
    if (row.status !== "submitted")
      throw new AppError("conflict", "This response was already reviewed; it can no longer change");

    const { turns } = await validTurns(tx, row.prompt_id, input);
    const sources = await checkSources(row.task_id, input.suggestionIds);
    const activeMs = Math.max(row.active_ms, input.activeMs ?? 0);
    // One time for the draft and the response: the editor keeps writing on this draft (its base).
    const now = new Date();
    await tx.task.update({ where: { id: row.task_id }, data: { draft: { turns }, draftUpdatedAt: now, activeMs } });
    if (JSON.stringify(turns) === JSON.stringify(row.turns)) {
      await tx.response.update({ where: { id: responseId }, data: { activeMs, updatedAt: now } });
      return {
        created: false,
        response: await tx.response.findUniqueOrThrow({ where: { id: responseId }, select: responseSelect }),
      };
    }
    const next = nextRevision(turns, row.revision, actor.id);
    const response = await tx.response.update({
      where: { id: responseId },
      data: {
        ...next,
        ...(await editDistanceFields(tx, responseId, next.revision, turns, false)),
        activeMs,
        updatedAt: now,
      },
      select: responseSelect,
    });
    await recordProvenance(tx, responseId, sources, turns);
    await recordEvent(
      {
        actorId: actor.id,
        action: "response.edit",
        entityType: "response",
        entityId: responseId,
        projectId: row.project_id,
        before: { revision: row.revision },
        after: { revision: next.revision },
      },
      tx,
    );
    return { created: true, response };
  });
  return { created: outcome.created, response: toResponseView(outcome.response) };
}
