import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 for tests: the app talks to it over HTTP with
 * the OpenAI client, exactly as to vLLM or Ollama. Each request takes the next queued behaviour (`respondWith`),
 * else the default reply, which echoes the last user message so a test can see what the model was sent.
 */
export type ModelBehaviour =
  /** A completion; streamed word by word when asked to stream, each piece `chunkDelayMs` apart. */
  | { kind: "reply"; content?: string; latencyMs?: number; chunkDelayMs?: number }
  /** 429 with `Retry-After`. */
  | { kind: "rate_limited"; retryAfter: number }
  /** Any error status, with an OpenAI-style error body. */
  | { kind: "error"; status: number; message?: string }
  /** 200 whose body is not the protocol: broken JSON, or an event stream whose data is not JSON. */
  | { kind: "malformed" }
  /** Streams `content`, then an event whose data is not JSON. */
  | { kind: "malformed_after"; content: string }
  /** Accepts the request and never answers. */
  | { kind: "hang" }
  /** Streams `content`, then sends nothing more and never ends. */
  | { kind: "hang_after"; content: string };

export type ReceivedRequest = {
  path: string;
  /** When it arrived (Date.now()). */
  at: number;
  headers: http.IncomingHttpHeaders;
  body: {
    model?: string;
    stream?: boolean;
    messages?: Array<{ role: string; content: string }>;
    temperature?: number;
    max_tokens?: number;
  };
};

export type OpenAiCompatibleServer = {
  /** The base URL a model connection takes (ends in /v1). */
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Requests being answered right now, and the most there ever were at once (`resetPeak` starts over). */
  readonly inFlight: number;
  readonly peakInFlight: number;
  resetPeak(): void;
  respondWith(...behaviours: ModelBehaviour[]): void;
  close(): Promise<void>;
};

export const echoReply = (lastUserMessage: string) => `Suggested answer to: ${lastUserMessage}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function completion(model: string, content: string) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  };
}

function chunk(model: string, delta: Record<string, string>, finishReason: string | null = null) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

const pieces = (content: string) => content.match(/\S+\s*|\s+/g) ?? [];

/** `reply`: what a request gets when no behaviour is queued (by default an immediate echo). */
export async function startOpenAiCompatibleServer(
  options: { reply?: Extract<ModelBehaviour, { kind: "reply" }> } = {},
): Promise<OpenAiCompatibleServer> {
  const queue: ModelBehaviour[] = [];
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let peakInFlight = 0;

  const server = http.createServer(async (req, res) => {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.once("close", () => inFlight--);
    let raw = "";
    for await (const part of req) raw += part;
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(raw) as ReceivedRequest["body"];
    requests.push({ path: req.url, at: Date.now(), headers: req.headers, body });
    const model = body.model ?? "test-model";
    const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === "user")?.content ?? "";
    const behaviour = queue.shift() ?? options.reply ?? { kind: "reply" };
    const send = (event: unknown) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const startEvents = () => res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });

    switch (behaviour.kind) {
      case "hang":
        return;
      case "rate_limited":
        res
          .writeHead(429, { "content-type": "application/json", "retry-after": String(behaviour.retryAfter) })
          .end(JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error" } }));
        return;
      case "error":
        res.writeHead(behaviour.status, { "content-type": "application/json" }).end(
          JSON.stringify({
            error: { message: behaviour.message ?? "The server had an error", type: "server_error" },
          }),
        );
        return;
      case "malformed":
        if (body.stream) {
          startEvents();
          res.end("data: {not json\n\n");
        } else {
          res.writeHead(200, { "content-type": "application/json" }).end('{"choices": [');
        }
        return;
      case "malformed_after":
      case "hang_after":
        startEvents();
        for (const piece of pieces(behaviour.content)) send(chunk(model, { content: piece }));
        if (behaviour.kind === "malformed_after") res.end("data: {not json\n\n");
        return;
      case "reply": {
        const content = behaviour.content ?? echoReply(lastUser);
        if (behaviour.latencyMs) await sleep(behaviour.latencyMs);
        if (!body.stream) {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion(model, content)));
          return;
        }
        startEvents();
        send(chunk(model, { role: "assistant", content: "" }));
        for (const piece of pieces(content)) {
          if (behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
          send(chunk(model, { content: piece }));
        }
        send(chunk(model, {}, "stop"));
        res.end("data: [DONE]\n\n");
      }
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    resetPeak: () => {
      peakInFlight = inFlight;
    },
    respondWith: (...behaviours) => void queue.push(...behaviours),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
