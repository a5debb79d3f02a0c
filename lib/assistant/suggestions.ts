import "server-only";
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { errorBody } from "@/lib/api/handler";
import type { Message } from "@/lib/conversation/types";
import { isUuid } from "@/lib/ids";
import { decideProjectAccess } from "@/lib/projects/access";
import { live, suggestionParameters, type LiveConnection } from "@/lib/assistant/connections";
import { conversationBefore, firstOpenTurn } from "@/lib/assistant/conversation";
import { complete, openStream, type Completion } from "@/lib/assistant/model-client";
import { givePregenerated } from "@/lib/assistant/pregenerated";
import { countSuggestionRequest, giveBackSuggestionRequest, requestLimitError } from "@/lib/assistant/request-limit";
import { suggestionContextRow, type ConnectionRow, type SuggestionContextRow } from "@/lib/assistant/sql/suggestions";
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

/** A request ready to call the model, or the suggestions generated ahead that it gets instead. */
type Prepared = { request: Request; pregenerated: Suggestion[] | null };

/**
 * Who may ask and for what: the task's own labeler (anyone else's task is "not found"), while the task is work in
 * progress (active, sent back, or waiting for review and still editable), in a project with a connection. The turn
 * is the first one without text unless `turn` names an earlier one; the labeler's saved draft fills the turns
 * before it. A request that would call the model counts against the labeler's limit (lib/assistant/request-limit.ts).
 *
 * Everything this decides on is one statement (lib/assistant/sql/suggestions.ts), sent beside the count of the
 * limit: the labeler waits for the model's first word behind each round trip made before it.
 */
async function prepare(actor: Actor, taskId: string, input: SuggestionsInput): Promise<Prepared> {
  assertCan(actor, "label");
  if (!isUuid(taskId)) throw notFound("Task");
  const startedAt = Date.now();
  const [read, count] = await Promise.allSettled([
    suggestionContextRow(taskId, actor.id),
    countSuggestionRequest(actor.id),
  ]);
  if (count.status === "rejected") throw count.reason;
  const counted = count.value;
  // A failed read (the database busy or gone) called no model: the place counted beside it is given back.
  if (read.status === "rejected") {
    await giveBackSuggestionRequest(counted).catch(() => {});
    throw read.reason;
  }
  const row = read.value;
  let refusal: AppError | null = null;
  try {
    const project = decideProjectAccess(actor, row, "label", "write", "Task");
    if (!row || row.task_user_id !== actor.id) throw notFound("Task");
    const editing = row.task_status === "submitted" && row.r_status === "submitted";
    if (row.task_status !== "active" && !row.sent_back && !editing)
      throw new AppError("conflict", "This task is finished; suggestions are for work in progress", {
        reason: "task_closed",
      });
    if (row.c_id === null)
      throw new AppError("conflict", "This project has no model assistant", { reason: "no_model_connection" });
    const connection = live(row as SuggestionContextRow & ConnectionRow);
    const turns = row.draft?.turns ?? (row.r_status === "needs_revision" ? row.r_turns : null) ?? [];
    const open = firstOpenTurn(row.slot_count, turns);
    const turn = input.turn ?? open;
    if (turn === null)
      throw new AppError("conflict", "Every turn already has text; name the turn to suggest for", {
        reason: "no_open_turn",
      });
    if (turn >= row.slot_count || (open !== null && turn > open))
      throw new AppError("validation_error", "The suggestion request is not valid", [
        { path: ["turn"], message: `Turn ${turn} cannot be suggested before the turns ahead of it have text` },
      ]);
    const request: Request = {
      connection,
      messages: conversationBefore(row.messages, turns, turn, connection.systemPrompt),
      task: { id: taskId, projectId: project.id, promptId: row.prompt_id },
      turn,
      batchId: randomUUID(),
      startedAt,
    };
    const pregenerated = await givePregenerated(request, { firstGiven: row.first_given, ready: row.ready });
    if (pregenerated) {
      await giveBackSuggestionRequest(counted);
      return { request, pregenerated };
    }
    refusal = counted && requestLimitError(counted);
    if (refusal) throw refusal;
    return { request, pregenerated: null };
  } catch (error) {
    // A request refused by the limit keeps its place; any other that calls no model gives it back.
    if (error !== refusal) await giveBackSuggestionRequest(counted).catch(() => {});
    throw error;
  }
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
  const { request, pregenerated } = await prepare(actor, taskId, input);
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
  const { request, pregenerated } = await prepare(actor, taskId, input);
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
