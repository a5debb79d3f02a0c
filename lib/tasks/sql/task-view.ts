import "server-only";
import { pool } from "@/lib/db";
import type { PromptMessage } from "@/lib/conversation/types";

/** A task with its prompt, project settings, guidelines, response, the reviewer's request and what its labeler read. */
export type TaskViewRow = {
  id: string;
  project_id: string;
  prompt_id: string;
  status: string;
  expires_at: Date;
  draft: { turns?: string[] } | null;
  draft_updated_at: Date | null;
  active_ms: number;
  external_id: string | null;
  metadata: Record<string, unknown>;
  messages: PromptMessage[];
  slot_count: number;
  max_response_tokens: number;
  tokenizer: string;
  labeler_metadata_keys: string[] | null;
  g_version: number | null;
  g_markdown: string | null;
  r_id: string | null;
  r_status: string | null;
  r_revision: number | null;
  r_turns: string[] | null;
  rv_comment: string | null;
  rv_reviewer: string | null;
  rv_created_at: Date | null;
  read_version: number | null;
  read_markdown: string | null;
};

// The writing screen's whole view in one round trip: it is read after every claim (bench:load), so
// it is one query on the pool rather than an ORM select with five relations and two more lookups.
// The reviewer's request is the latest primary "revise"; the acknowledged version's text is read
// only when it is older than the task's version (for the diff).
const TASK_VIEW_SQL = `
  SELECT t.id, t.project_id, t.prompt_id, t.status::text AS status, t.expires_at, t.draft, t.draft_updated_at, t.active_ms,
         p.external_id, p.metadata, p.messages, p.slot_count,
         pj.max_response_tokens, pj.tokenizer, pj.labeler_metadata_keys,
         g.version AS g_version, g.markdown AS g_markdown,
         r.id AS r_id, r.status::text AS r_status, r.revision AS r_revision, r.turns AS r_turns,
         rv.comment AS rv_comment, rv.reviewer_id AS rv_reviewer, rv.created_at AS rv_created_at,
         ack.version AS read_version, prev.markdown AS read_markdown
    FROM tasks t
    JOIN prompts p ON p.id = t.prompt_id
    JOIN projects pj ON pj.id = t.project_id
    LEFT JOIN guidelines_versions g ON g.id = t.guidelines_version_id
    LEFT JOIN responses r ON r.task_id = t.id
    LEFT JOIN LATERAL (
      SELECT comment, reviewer_id, created_at FROM reviews
       WHERE response_id = r.id AND decision = 'revise' AND second_opinion = false
       ORDER BY created_at DESC LIMIT 1) rv ON r.status = 'needs_revision'
    LEFT JOIN guidelines_acknowledgements ack ON ack.user_id = t.user_id AND ack.project_id = t.project_id
    LEFT JOIN guidelines_versions prev
      ON prev.project_id = t.project_id AND prev.version = ack.version AND ack.version < g.version
   WHERE t.id = $1 AND t.user_id = $2`;

/** The user's task as the writing screen needs it; undefined when it is not theirs (or does not exist). */
export async function taskViewRow(taskId: string, userId: string): Promise<TaskViewRow | undefined> {
  const { rows } = await pool().query<TaskViewRow>({
    name: "task-view",
    text: TASK_VIEW_SQL,
    values: [taskId, userId],
  });
  return rows[0];
}
