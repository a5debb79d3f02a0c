import "server-only";
import type { LiveConnection } from "@/lib/assistant/connections";
import { takePregeneratedRows } from "@/lib/assistant/sql/suggestions";

/** A suggestion as the labeler gets it (lib/assistant/suggestions.ts). */
type Given = { id: string; model: string; content: string };

/**
 * The suggestions generated ahead for a task's first slot (lib/assistant/generation-worker.ts), given to the
 * task's labeler without a call to the model: only for the first slot (later ones follow the labeler's own
 * text), only the first time they ask for it in this task (asking again means they want another), and only
 * while they are newer than the connection's last change. Each is copied to the task as a suggestion of its
 * own, so a response can later name the one it started from. They are the prompt's: every task of the prompt
 * (with more than one response per prompt) gets its own copy of the same texts.
 *
 * `seen` is what the request's first read found (lib/assistant/sql/suggestions.ts): when it already shows the
 * slot given or too few current, no statement is sent. The copy itself is one statement that decides again
 * under the task's lock (prisma/functions/assistant.sql), so two requests racing for them copy them once.
 */
export async function givePregenerated(
  request: {
    connection: LiveConnection;
    task: { id: string };
    turn: number;
    batchId: string;
    startedAt: number;
  },
  seen: { firstGiven: boolean; ready: number },
): Promise<Given[] | null> {
  const { connection } = request;
  if (request.turn !== 0 || seen.firstGiven || seen.ready < connection.candidates) return null;
  const rows = await takePregeneratedRows({
    taskId: request.task.id,
    connectionId: connection.id,
    connectionUpdatedAt: connection.updatedAt,
    candidates: connection.candidates,
    batchId: request.batchId,
    latencyMs: Date.now() - request.startedAt,
  });
  if (rows.length === 0) return null;
  return rows.map(({ id, model, content }) => ({ id, model, content }));
}
