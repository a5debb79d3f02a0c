import "server-only";
import { prisma } from "@/lib/db";
import type { LiveConnection } from "@/lib/assistant/connections";

/** A suggestion as the labeler gets it (lib/assistant/suggestions.ts). */
type Given = { id: string; model: string; content: string };

/**
 * The suggestions generated ahead for a task's first slot (lib/assistant/generation-worker.ts), given to the
 * task's labeler without a call to the model: only for the first slot (later ones follow the labeler's own
 * text), only the first time they ask for it in this task (asking again means they want another), and only
 * while they are newer than the connection's last change. Each is copied to the task as a suggestion of its
 * own, so a response can later name the one it started from.
 */
export async function givePregenerated(request: {
  connection: LiveConnection;
  task: { id: string; projectId: string; promptId: string };
  turn: number;
  batchId: string;
  startedAt: number;
}): Promise<Given[] | null> {
  const { connection, task } = request;
  if (request.turn !== 0) return null;
  const [given, ready] = await Promise.all([
    prisma.suggestion.count({ where: { taskId: task.id, turn: 0 } }),
    prisma.pregeneratedSuggestion.findMany({
      where: {
        promptId: task.promptId,
        turn: 0,
        connectionId: connection.id,
        createdAt: { gte: connection.updatedAt },
        candidate: { lt: connection.candidates },
      },
      orderBy: { candidate: "asc" },
    }),
  ]);
  if (given > 0 || ready.length < connection.candidates) return null;
  const latencyMs = Date.now() - request.startedAt;
  const rows = await prisma.suggestion.createManyAndReturn({
    data: ready.map((row) => ({
      taskId: task.id,
      projectId: task.projectId,
      promptId: task.promptId,
      connectionId: connection.id,
      turn: 0,
      batchId: request.batchId,
      candidate: row.candidate,
      model: row.model,
      parameters: { ...(row.parameters as Record<string, unknown>), pregeneratedId: row.id },
      content: row.content,
      finishReason: row.finishReason,
      latencyMs,
    })),
    select: { id: true, model: true, content: true, candidate: true },
  });
  return rows.sort((a, b) => a.candidate - b.candidate).map(({ id, model, content }) => ({ id, model, content }));
}
