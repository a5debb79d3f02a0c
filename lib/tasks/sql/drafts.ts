import "server-only";
import { pool } from "@/lib/db";

// Autosave is the app's most frequent request (every labeler, every few seconds), so a save that
// lands is this one statement, named so each connection plans it once (lib/db.ts). Every rule is a
// condition of the UPDATE, never a read before it: owner, the project still the labeler's to write in
// (lib/projects/access.ts: seen by them, not archived), turns within the prompt's slots, the
// task's status (closes the race with a submit or a review landing), and the base draft (closes
// the race with another device). Only a refused save reads again, to say which rule refused it.
const SAVE_DRAFT_SQL = `
  UPDATE tasks t
     SET draft = $3::jsonb, draft_updated_at = now(), active_ms = GREATEST(t.active_ms, $4::int)
    FROM prompts p, projects pj
   WHERE t.id = $1 AND t.user_id = $2 AND p.id = t.prompt_id AND pj.id = p.project_id
     AND pj.status <> 'archived' AND ($7::boolean OR exemplar_sees_project(pj.id, pj.access::text, $2, false))
     AND jsonb_array_length($3::jsonb -> 'turns') <= p.slot_count
     AND (t.status <> 'submitted'
          OR EXISTS (SELECT 1 FROM responses r WHERE r.task_id = t.id AND r.status IN ('submitted', 'needs_revision')))
     AND (NOT $5::boolean OR t.draft_updated_at IS NULL OR t.draft_updated_at <= $6::timestamptz)
  RETURNING t.draft_updated_at`;

export type DraftSave = {
  turns: string[];
  activeMs: number;
  /** Land only on the draft it was written from: `base`, the draft's time then (null: there was none). */
  checkBase: boolean;
  base: Date | null;
};

/** The saved draft's time, or undefined when a rule refused the save (nothing changed). */
export async function saveDraftRow(
  taskId: string,
  writer: { id: string; isAdmin: boolean },
  save: DraftSave,
): Promise<{ draft_updated_at: Date } | undefined> {
  const { rows } = await pool().query<{ draft_updated_at: Date }>({
    name: "save-draft",
    text: SAVE_DRAFT_SQL,
    values: [
      taskId,
      writer.id,
      JSON.stringify({ turns: save.turns }),
      save.activeMs,
      save.checkBase,
      save.base,
      writer.isAdmin,
    ],
  });
  return rows[0];
}

/** What a refused save is checked against, to say which rule refused it. */
export type RefusedSaveRow = {
  status: string;
  response_status: string | null;
  slot_count: number;
  draft_updated_at: Date | null;
};

export async function refusedSaveRow(taskId: string, userId: string): Promise<RefusedSaveRow | undefined> {
  const { rows } = await pool().query<RefusedSaveRow>({
    name: "save-draft-refused",
    text: `
      SELECT t.status::text AS status, r.status::text AS response_status, p.slot_count, t.draft_updated_at
        FROM tasks t
        JOIN prompts p ON p.id = t.prompt_id
        LEFT JOIN responses r ON r.task_id = t.id
       WHERE t.id = $1 AND t.user_id = $2`,
    values: [taskId, userId],
  });
  return rows[0];
}
