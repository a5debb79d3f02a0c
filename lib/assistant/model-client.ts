import "server-only";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Message } from "@/lib/conversation/types";
import { modelUnavailable, type AppError } from "@/lib/errors";
import type { LiveConnection } from "@/lib/assistant/connections";
import { guardedFetch, REFUSED_ADDRESS } from "@/lib/assistant/endpoint-guard";

/**
 * Calls to a project's model go through the official OpenAI client, bounded by the connection's timeout from the
 * first byte sent to the last byte read. The client does not retry here: a labeler is waiting, and a model that
 * asks us to wait (429) is better told to them, with its Retry-After, than waited out behind a spinner.
 *
 * One client per connection, reused by every call while what it was made with stays (a client per call was most
 * of the garbage a busy worker made: docs/performance.md, bench:suggestions); a changed connection gets a new one.
 */
const MAX_CLIENTS = 256;
type CachedClient = { baseUrl: string; timeoutSeconds: number; apiKey: string | null; client: OpenAI };
const globalForClients = globalThis as unknown as { exemplarModelClients?: Map<string, CachedClient> };
const clients = (globalForClients.exemplarModelClients ??= new Map());

function clientFor(connection: LiveConnection): OpenAI {
  const cached = clients.get(connection.id);
  if (
    cached?.baseUrl === connection.baseUrl &&
    cached.timeoutSeconds === connection.timeoutSeconds &&
    cached.apiKey === connection.apiKey
  )
    return cached.client;
  const client = newClient(connection);
  clients.delete(connection.id);
  if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  const { baseUrl, timeoutSeconds, apiKey } = connection;
  clients.set(connection.id, { baseUrl, timeoutSeconds, apiKey, client });
  return client;
}

function newClient(connection: LiveConnection): OpenAI {
  return new OpenAI({
    baseURL: connection.baseUrl,
    // The client insists on a key; without one the guarded fetch sends no Authorization header at all.
    apiKey: connection.apiKey ?? "none",
    // Named so the client reads none of them from this server's environment and sends them to an admin's URL.
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    // Our own deadline (below) ends the call; the client's covers only the wait for headers.
    timeout: connection.timeoutSeconds * 1000 + 1000,
    logLevel: "off",
    fetch: guardedFetch({ authorization: connection.apiKey !== null }),
  });
}

/** The call's deadline, which also ends it when the labeler goes away (`outer`). */
class Deadline {
  readonly controller = new AbortController();
  timedOut = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    readonly seconds: number,
    private readonly outer?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, seconds * 1000);
    outer?.addEventListener("abort", this.onOuterAbort, { once: true });
    if (outer?.aborted) this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener("abort", this.onOuterAbort);
  }
}

function requestBody(connection: LiveConnection, messages: Message[]) {
  return {
    model: connection.model,
    messages,
    ...(connection.temperature !== null ? { temperature: connection.temperature } : {}),
    // `max_tokens`, not `max_completion_tokens`: the name every OpenAI-compatible server (vLLM, Ollama, llama.cpp) reads.
    ...(connection.maxTokens !== null ? { max_tokens: connection.maxTokens } : {}),
  };
}

function retryAfterSeconds(headers: Headers | undefined): number {
  const value = headers?.get("retry-after");
  if (value) {
    const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
    if (Number.isFinite(seconds)) return Math.min(3600, Math.max(1, Math.ceil(seconds)));
  }
  return 10;
}

/**
 * What a labeler hears when the model fails. The model's own error text is never passed on: a provider's 401
 * message can quote part of the key, and its other messages are not ours to show.
 */
export function modelError(error: unknown, deadline: Deadline): unknown {
  if (deadline.timedOut || error instanceof APIConnectionTimeoutError)
    return modelUnavailable(`The model did not answer within ${deadline.seconds} s`, 504, { reason: "timeout" });
  if (error instanceof APIUserAbortError)
    return modelUnavailable("The request was cancelled", 502, { reason: "cancelled" });
  if (error instanceof APIError && error.status === 429) {
    const retryAfter = retryAfterSeconds(error.headers);
    return modelUnavailable(`The model is busy; try again in ${retryAfter} s`, 503, {
      reason: "rate_limited",
      retryAfter,
    });
  }
  if (error instanceof APIConnectionError) {
    const refused = (error.cause as { code?: unknown } | undefined)?.code === REFUSED_ADDRESS;
    return modelUnavailable(refused ? "The model's address is not allowed" : "The model could not be reached", 502, {
      reason: refused ? "address_refused" : "unreachable",
    });
  }
  if (error instanceof APIError && typeof error.status === "number")
    return modelUnavailable(`The model answered with status ${error.status}`, 502, {
      reason: "model_error",
      status: error.status,
    });
  // A body that is not the protocol: JSON that does not parse, an SSE event that is not JSON, an error event.
  return modelUnavailable("The model's answer could not be read", 502, { reason: "malformed" });
}

export type Completion = { content: string; finishReason: string | null };

export async function complete(
  connection: LiveConnection,
  messages: Message[],
  signal?: AbortSignal,
): Promise<Completion> {
  const deadline = new Deadline(connection.timeoutSeconds, signal);
  try {
    const completion = await clientFor(connection).chat.completions.create(
      { ...requestBody(connection, messages), stream: false },
      { signal: deadline.signal },
    );
    const choice = completion.choices?.[0];
    if (typeof choice?.message?.content !== "string") throw new SyntaxError("no message content");
    return { content: choice.message.content, finishReason: choice.finish_reason ?? null };
  } catch (error) {
    throw modelError(error, deadline);
  } finally {
    deadline.clear();
  }
}

/**
 * A streamed completion whose first event has arrived: until then a failure is still an HTTP status for the
 * caller; after it, a failure ends the stream (`deltas` throws an AppError).
 */
export type OpenStream = { deltas: AsyncGenerator<string, Completion> };

export async function openStream(
  connection: LiveConnection,
  messages: Message[],
  signal?: AbortSignal,
): Promise<OpenStream> {
  const deadline = new Deadline(connection.timeoutSeconds, signal);
  let iterator: AsyncIterator<ChatCompletionChunk>;
  let first: IteratorResult<ChatCompletionChunk>;
  try {
    const stream = await clientFor(connection).chat.completions.create(
      { ...requestBody(connection, messages), stream: true },
      { signal: deadline.signal },
    );
    iterator = stream[Symbol.asyncIterator]();
    first = await iterator.next();
    if (deadline.signal.aborted) throw deadline.timedOut ? new APIConnectionTimeoutError() : new APIUserAbortError();
    if (first.done) throw new SyntaxError("the stream ended before its first event");
    if (!Array.isArray(first.value.choices)) throw new SyntaxError("an event without choices");
  } catch (error) {
    deadline.clear();
    throw modelError(error, deadline);
  }
  async function* deltas(): AsyncGenerator<string, Completion> {
    let content = "";
    let finishReason: string | null = null;
    try {
      let next = first;
      while (!next.done) {
        const choice = next.value.choices?.[0];
        const delta = choice?.delta?.content;
        if (typeof delta === "string" && delta) {
          content += delta;
          yield delta;
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        next = await iterator.next();
      }
      // The client ends a stream it aborted without an error: only the deadline says the text was cut off.
      if (deadline.signal.aborted) throw deadline.timedOut ? new APIConnectionTimeoutError() : new APIUserAbortError();
      return { content, finishReason };
    } catch (error) {
      throw modelError(error, deadline) as AppError;
    } finally {
      deadline.clear();
      await iterator.return?.();
    }
  }
  return { deltas: deltas() };
}
