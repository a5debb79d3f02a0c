import "server-only";
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { errorBody } from "@/lib/api/handler";
import type { Message } from "@/lib/conversation/types";
import { requireProjectOf } from "@/lib/projects/access";
import { getTaskView } from "@/lib/tasks/task-view";
import { liveConnection, suggestionParameters, type LiveConnection } from "@/lib/assistant/connections";
import { conversationBefore, firstOpenTurn } from "@/lib/assistant/conversation";
import { complete, openStream, type Completion } from "@/lib/assistant/model-client";
import { givePregenerated } from "@/lib/assistant/pregenerated";
import type { SuggestionsInput } from "@/lib/assistant/schemas";

/** A model's text for one turn, as the labeler gets it. Stored, so a response can later name the one it used. */
export type Suggestion = { id: string; model: string; content: string };

type Request = {
  connection: LiveConnection;
  messages: Message[];
  task: { id: string; projectId: string; promptId: string };
  turn: number;
  batchId: string;
  startedAt: number;
};

/**
 * Who may ask and for what: the task's own labeler (anyone else's task is "not found"), while the task is work in
 * progress (active, sent back, or waiting for review and still editable), in a project with a connection. The turn
 * is the first one without text unless `turn` names an earlier one; the labeler's saved draft fills the turns
 * before it.
 */
async function prepare(actor: Actor, taskId: string, input: SuggestionsInput): Promise<Request> {
  assertCan(actor, "label");
  await requireProjectOf(actor, { task: taskId }, "label", "write");
  const task = await getTaskView(actor, taskId);
  if (task.status !== "active" && task.revision === null && task.editing === null)
    throw new AppError("conflict", "This task is finished; suggestions are for work in progress", {
      reason: "task_closed",
    });
  const connection = await liveConnection(task.projectId);
  if (!connection)
    throw new AppError("conflict", "This project has no model assistant", { reason: "no_model_connection" });
  const turns = task.draft?.turns ?? [];
  const open = firstOpenTurn(task.slotCount, turns);
  const turn = input.turn ?? open;
  if (turn === null)
    throw new AppError("conflict", "Every turn already has text; name the turn to suggest for", {
      reason: "no_open_turn",
    });
  if (turn >= task.slotCount || (open !== null && turn > open))
    throw new AppError("validation_error", "The suggestion request is not valid", [
      { path: ["turn"], message: `Turn ${turn} cannot be suggested before the turns ahead of it have text` },
    ]);
  return {
    connection,
    messages: conversationBefore(task.conversation.messages, turns, turn, connection.systemPrompt),
    task: { id: task.id, projectId: task.projectId, promptId: task.promptId },
    turn,
    batchId: randomUUID(),
    startedAt: Date.now(),
  };
}

async function store(request: Request, candidate: number, completion: Completion, streamed: boolean) {
  const { connection } = request;
  const row = await prisma.suggestion.create({
    data: {
      taskId: request.task.id,
      projectId: request.task.projectId,
      promptId: request.task.promptId,
      connectionId: connection.id,
      turn: request.turn,
      batchId: request.batchId,
      candidate,
      model: connection.model,
      parameters: suggestionParameters(connection, { streamed }),
      content: completion.content,
      finishReason: completion.finishReason,
      latencyMs: Date.now() - request.startedAt,
    },
    select: { id: true },
  });
  return { id: row.id, model: connection.model, content: completion.content } satisfies Suggestion;
}

/** A signal that aborts with `outer` or on demand: one failed candidate stops its siblings. */
function batchSignal(outer?: AbortSignal): AbortController {
  const batch = new AbortController();
  if (outer?.aborted) batch.abort();
  outer?.addEventListener("abort", () => batch.abort(), { once: true });
  return batch;
}

const candidates = (request: Request) => Array.from({ length: request.connection.candidates }, (_, i) => i);

/**
 * Every candidate at once (one in draft mode); the first failure fails the request and stops the others. The
 * first request for a task's first slot gets the suggestions generated ahead, when there are any, instead.
 */
export async function suggest(
  actor: Actor,
  taskId: string,
  input: SuggestionsInput,
  signal?: AbortSignal,
): Promise<{ suggestions: Suggestion[] }> {
  const request = await prepare(actor, taskId, input);
  const pregenerated = await givePregenerated(request);
  if (pregenerated) return { suggestions: pregenerated };
  const batch = batchSignal(signal);
  const completions = await Promise.all(
    candidates(request).map(() => complete(request.connection, request.messages, batch.signal)),
  ).catch((error: unknown) => {
    batch.abort();
    throw error;
  });
  const suggestions: Suggestion[] = [];
  for (const [i, completion] of completions.entries()) suggestions.push(await store(request, i, completion, false));
  return { suggestions };
}

/**
 * The same as a server-sent event stream: `delta` events (`{index, content}`) as text arrives, a `suggestion` event
 * per candidate once it is stored, then `done` with every suggestion; `error` (the API's error shape) ends a stream
 * that fails after it began. It begins once every candidate has sent its first event, so a model that fails at
 * once still gets its HTTP status. Suggestions generated ahead come as the same events, each text in one delta.
 */
export async function suggestStream(
  actor: Actor,
  taskId: string,
  input: SuggestionsInput,
  signal?: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const request = await prepare(actor, taskId, input);
  const pregenerated = await givePregenerated(request);
  if (pregenerated) return storedStream(pregenerated);
  const batch = batchSignal(signal);
  const streams = await Promise.all(
    candidates(request).map(() => openStream(request.connection, request.messages, batch.signal)),
  ).catch((error: unknown) => {
    batch.abort();
    throw error;
  });
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(sseEvent(event, data));
        } catch {
          // The reader went away; the batch is being stopped.
        }
      };
      try {
        const suggestions = await Promise.all(
          streams.map(async ({ deltas }, index) => {
            let next = await deltas.next();
            while (!next.done) {
              send("delta", { index, content: next.value });
              next = await deltas.next();
            }
            const suggestion = await store(request, index, next.value, true);
            send("suggestion", { index, ...suggestion });
            return suggestion;
          }),
        );
        send("done", { suggestions });
      } catch (error) {
        batch.abort();
        if (!(error instanceof AppError)) console.error(error);
        const failure =
          error instanceof AppError
            ? errorBody(error.code, error.message, error.details)
            : errorBody("internal_error", "Something went wrong on our side");
        if (!signal?.aborted) send("error", failure);
      }
      try {
        controller.close();
      } catch {
        // The reader went away first.
      }
    },
    cancel() {
      batch.abort();
    },
  });
}

const encoder = new TextEncoder();
const sseEvent = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/** Suggestions already written, as the events a streamed request gets. */
function storedStream(suggestions: Suggestion[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      suggestions.forEach((suggestion, index) => {
        controller.enqueue(sseEvent("delta", { index, content: suggestion.content }));
        controller.enqueue(sseEvent("suggestion", { index, ...suggestion }));
      });
      controller.enqueue(sseEvent("done", { suggestions }));
      controller.close();
    },
  });
}
