import "server-only";
import QueryStream from "pg-query-stream";
import { z } from "zod";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import { renderOpenAiLine } from "@/lib/export/render";
import type { PromptMessage } from "@/lib/conversation/types";

export const ExportQuery = z
  .object({
    status: z.enum(["accepted", "submitted", "all"]).default("accepted"),
    format: z.literal("openai").default("openai"),
  })
  .strict();

// Rows fetched per round trip, and bytes gathered before handing a chunk to the socket.
const BATCH_ROWS = 500;
const CHUNK_BYTES = 64 * 1024;

/**
 * Streams a project's responses as chat JSONL, one `{"messages": […]}` line each, in submit
 * order. Rows come from a server-side cursor inside one REPEATABLE READ transaction, so memory
 * stays constant and the file is one consistent snapshot however long it takes.
 */
export async function exportJsonl(actor: Actor, projectIdOrSlug: string, query: Record<string, string>) {
  assertCan(actor, "admin");
  const parsed = ExportQuery.safeParse(query);
  if (!parsed.success) throw new AppError("validation_error", "Bad export parameters", parsed.error.issues);
  const project = await getProject(actor, projectIdOrSlug);
  const statuses = parsed.data.status === "all" ? ["submitted", "accepted", "rejected", "needs_revision"] : [parsed.data.status];

  const client = await pool().connect();
  let released = false;
  const release = async (commit: boolean) => {
    if (released) return;
    released = true;
    try {
      await client.query(commit ? "COMMIT" : "ROLLBACK");
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  };
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  const rows = client.query(
    new QueryStream(
      `SELECT p.messages, r.turns
         FROM responses r JOIN prompts p ON p.id = r.prompt_id
        WHERE r.project_id = $1 AND r.status::text = ANY($2)
        ORDER BY r.seq`,
      [project.id, statuses],
      { batchSize: BATCH_ROWS },
    ),
  );
  const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<{ messages: PromptMessage[]; turns: string[] }>;
  const encoder = new TextEncoder();

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = "";
        while (chunk.length < CHUNK_BYTES) {
          const next = await iterator.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            await release(true);
            return;
          }
          chunk += renderOpenAiLine(next.value.messages, next.value.turns);
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
        rows.destroy();
        await release(false);
      }
    },
    async cancel() {
      rows.destroy();
      await release(false);
    },
  });

  const date = new Date().toISOString().slice(0, 10);
  return { body, filename: `${project.slug}-${parsed.data.status}-${date}.jsonl` };
}
