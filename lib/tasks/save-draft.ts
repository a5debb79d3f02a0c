import "server-only";
import { pool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import type { SaveDraftInput } from "@/lib/tasks/schemas";

// Autosave is the app's most frequent request (every labeler, every few seconds), so a save that
// lands is this one statement, named so each connection plans it once (lib/db.ts). Every rule is a
// condition of the UPDATE, never a read before it: owner, turns within the prompt's slots, the
// task's status (closes the race with a submit or a review landing), and the base draft (closes
// the race with another device). Only a refused save reads again, to say which rule refused it.
const SAVE_DRAFT_SQL = `
  UPDATE tasks t
     SET draft = $3::jsonb, draft_updated_at = now(), active_ms = GREATEST(t.active_ms, $4::int)
    FROM prompts p
   WHERE t.id = $1 AND t.user_id = $2 AND p.id = t.prompt_id
     AND jsonb_array_length($3::jsonb -> 'turns') <= p.slot_count
     AND (t.status <> 'submitted'
          OR EXISTS (SELECT 1 FROM responses r WHERE r.task_id = t.id AND r.status IN ('submitted', 'needs_revision')))
     AND (NOT $5::boolean OR t.draft_updated_at IS NULL OR t.draft_updated_at <= $6::timestamptz)
  RETURNING t.draft_updated_at`;

const REFUSED_SAVE_SQL = `
  SELECT t.status::text AS status, r.status::text AS response_status, p.slot_count, t.draft_updated_at
    FROM tasks t
    JOIN prompts p ON p.id = t.prompt_id
    LEFT JOIN responses r ON r.task_id = t.id
   WHERE t.id = $1 AND t.user_id = $2`;

type RefusedSaveRow = {
  status: string;
  response_status: string | null;
  slot_count: number;
  draft_updated_at: Date | null;
};

/**
 * Saves the assignee's unsubmitted text and their active writing time. Drafts are kept through
 * skips and lapsed leases (docs/glossary.md, "draft"), so saving is allowed until the task is submitted, and
 * again while its response is open to its author: sent back for a revision, or still waiting
 * for review (edit after submit, docs/workspace.md).
 *
 * With `baseUpdatedAt`, the save only lands on the draft it was written from: a newer server
 * draft (written on another device) answers 409 `draft_changed` with that draft's time, instead
 * of being overwritten. Active time only grows, so a late retry cannot shrink it.
 */
export async function saveDraft(actor: Actor, taskId: string, input: SaveDraftInput) {
  const { turns, activeMs, baseUpdatedAt } = input;
  if (!isUuid(taskId)) throw notFound("Task");
  const checkBase = baseUpdatedAt !== undefined;
  const base = baseUpdatedAt || null;
  const { rows } = await pool().query<{ draft_updated_at: Date }>({
    name: "save-draft",
    text: SAVE_DRAFT_SQL,
    values: [taskId, actor.id, JSON.stringify({ turns }), activeMs ?? 0, checkBase, base],
  });
  if (rows[0]) return { taskId, turns, updatedAt: rows[0].draft_updated_at };
  throw await whySaveRefused(actor, taskId, turns.length, checkBase, base);
}

/** The error for a save the UPDATE refused, checked in the order the rules were always answered. */
async function whySaveRefused(
  actor: Actor,
  taskId: string,
  turnCount: number,
  checkBase: boolean,
  base: Date | null,
): Promise<AppError> {
  const { rows } = await pool().query<RefusedSaveRow>({
    name: "save-draft-refused",
    text: REFUSED_SAVE_SQL,
    values: [taskId, actor.id],
  });
  const task = rows[0];
  if (!task) return notFound("Task");
  if (task.status === "submitted" && !openToAuthor(task.response_status ?? undefined)) {
    return new AppError("conflict", "This response was reviewed; it can no longer change as a draft");
  }
  if (turnCount > task.slot_count) {
    return new AppError("validation_error", `This task has ${task.slot_count} turn(s) to write`);
  }
  const serverUpdatedAt = task.draft_updated_at;
  if (checkBase && serverUpdatedAt && (!base || serverUpdatedAt > base)) {
    return new AppError("conflict", "This draft was changed elsewhere (another device or tab) since you opened it", {
      reason: "draft_changed",
      serverUpdatedAt,
    });
  }
  return new AppError("conflict", "This task was submitted meanwhile");
}

/** A submitted response its author may still change: waiting for review, or sent back. */
export function openToAuthor(status: string | undefined): boolean {
  return status === "submitted" || status === "needs_revision";
}
