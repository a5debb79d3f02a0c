import "server-only";
import { pool } from "@/lib/db";
import type { ProjectAccessRow } from "@/lib/projects/sql/project-access";
import type { PromptMessage } from "@/lib/conversation/types";
import type { AssistantMode } from "@/lib/assistant/schemas";

/**
 * The statements of a labeler's request for suggestions (lib/assistant/suggestions.ts). Everything the request
 * decides on before it calls the model is one round trip (`suggestionContextRow`): a labeler waits for the
 * model's first word behind every statement sent before it (docs/performance.md, bench:suggestions).
 */

/** A model connection's row, as a request or a worker turns it into a live connection (lib/assistant/connections.ts). */
export type ConnectionRow = {
  c_id: string;
  c_base_url: string;
  c_model: string;
  c_mode: AssistantMode;
  c_candidates: number;
  c_temperature: number | null;
  c_max_tokens: number | null;
  c_system_prompt: string | null;
  c_timeout_seconds: number;
  c_concurrency: number;
  c_api_key_encrypted: Buffer | null;
  c_updated_at: Date;
};

/**
 * The task's project with the user's membership (what lib/projects/access.ts decides on), the task as far as the
 * request needs it, the project's connection (`c_*`, null without one), and whether the task's first slot can
 * still get the suggestions generated ahead (`first_given`, `ready`).
 */
export type SuggestionContextRow = ProjectAccessRow & {
  task_user_id: string;
  task_status: string;
  prompt_id: string;
  draft: { turns?: string[] } | null;
  messages: PromptMessage[];
  slot_count: number;
  r_status: string | null;
  r_turns: string[] | null;
  /** The response was sent back by a reviewer's (primary) request to revise it. */
  sent_back: boolean;
  /** The task already has a suggestion for its first slot. */
  first_given: boolean;
  /** Current pre-generated suggestions for the prompt's first slot (of the connection's candidates). */
  ready: number;
} & { [K in keyof ConnectionRow]: ConnectionRow[K] | null };

export async function suggestionContextRow(taskId: string, userId: string): Promise<SuggestionContextRow | undefined> {
  const { rows } = await pool().query<SuggestionContextRow>({
    name: "suggestion-context",
    text: `
      SELECT p.id, p.slug, p.name, p.access::text AS access, p.status::text AS status,
             (SELECT pm.role::text FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $2) AS member_role,
             t.user_id AS task_user_id, t.status::text AS task_status, t.prompt_id, t.draft,
             pr.messages, pr.slot_count,
             r.status::text AS r_status, r.turns AS r_turns,
             (r.status = 'needs_revision' AND EXISTS (
                SELECT 1 FROM reviews rv
                 WHERE rv.response_id = r.id AND rv.decision = 'revise' AND rv.second_opinion = false)) AS sent_back,
             c.id AS c_id, c.base_url AS c_base_url, c.model AS c_model, c.mode::text AS c_mode,
             c.candidates AS c_candidates, c.temperature AS c_temperature, c.max_tokens AS c_max_tokens,
             c.system_prompt AS c_system_prompt, c.timeout_seconds AS c_timeout_seconds,
             c.concurrency AS c_concurrency, c.api_key_encrypted AS c_api_key_encrypted, c.updated_at AS c_updated_at,
             EXISTS (SELECT 1 FROM suggestions s WHERE s.task_id = t.id AND s.turn = 0) AS first_given,
             (SELECT count(*)::int FROM pregenerated_suggestions g
               WHERE g.prompt_id = t.prompt_id AND g.turn = 0 AND g.connection_id = c.id
                 AND g.created_at >= c.updated_at AND g.candidate < c.candidates) AS ready
        FROM tasks t
        JOIN projects p ON p.id = t.project_id
        JOIN prompts pr ON pr.id = t.prompt_id
        LEFT JOIN responses r ON r.task_id = t.id
        LEFT JOIN model_connections c ON c.project_id = t.project_id AND c.name = $3
       WHERE t.id = $1`,
    values: [taskId, userId, "default"],
  });
  return rows[0];
}

export type TakenRow = { id: string; model: string; content: string; candidate: number };

/**
 * exemplar_take_pregenerated (prisma/functions/assistant.sql): copies the current pre-generated suggestions of the
 * task's prompt to the task, once per task however many requests race for them; none when the task already has a
 * suggestion for its first slot or fewer than `candidates` are current.
 */
export async function takePregeneratedRows(input: {
  taskId: string;
  connectionId: string;
  connectionUpdatedAt: Date;
  candidates: number;
  batchId: string;
  latencyMs: number;
}): Promise<TakenRow[]> {
  const { rows } = await pool().query<TakenRow>({
    name: "take-pregenerated",
    text: "SELECT id, model, content, candidate FROM exemplar_take_pregenerated($1, $2, $3, $4, $5, $6) ORDER BY candidate",
    values: [
      input.taskId,
      input.connectionId,
      input.connectionUpdatedAt,
      input.candidates,
      input.batchId,
      input.latencyMs,
    ],
  });
  return rows;
}
