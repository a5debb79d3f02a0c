import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { callApi, type ApiResult } from "@/lib/testing/api-client";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import {
  echoReply,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from "@/lib/testing/openai-compatible-server";
import { POST as suggestionsRoute } from "@/app/api/v1/tasks/[id]/suggestions/route";

/** One server-sent event as read; `data` as loose as an API answer's body (lib/testing/api-client.ts). */
type SseEvent = { event: string; data: ApiResult["body"]; at: number };

/** Calls the route as a browser's EventSource-style fetch would and reads its events as they arrive. */
async function streamSuggestions(token: string, taskId: string) {
  const started = Date.now();
  const response = await suggestionsRoute(
    new Request(`http://exemplar.test/api/v1/tasks/${taskId}/suggestions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", "content-type": "application/json" },
      body: "{}",
    }),
    { params: Promise.resolve({ id: taskId }) },
  );
  const events: SseEvent[] = [];
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const bytes of response.body!) {
      buffer += decoder.decode(bytes, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null");
        events.push({ event, data, at: Date.now() - started });
        end = buffer.indexOf("\n\n");
      }
    }
  }
  return { response, events, elapsed: Date.now() - started };
}

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("suggestions from a project's model", () => {
  let admin: TestUser, labeler: TestUser, other: TestUser, reviewer: TestUser;
  let model: OpenAiCompatibleServer;
  let projectId: string;
  let taskId: string;

  const connect = (overrides: Record<string, unknown> = {}) =>
    admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      apiKey: "sk-suggestions-test",
      timeoutSeconds: 2,
      ...overrides,
    });
  const ask = (who: TestUser = labeler, body: unknown = {}) =>
    who.api.post(`/api/v1/tasks/${taskId}/suggestions`, body);

  beforeAll(async () => {
    [admin, labeler, other, reviewer] = await createTestUsers("admin", "labeler", "labeler", "reviewer");
    model = await startOpenAiCompatibleServer();
    projectId = (
      await createProjectWithPrompts(admin.actor, [
        { id: "scripted", system: "Be brief.", turns: ["What is a slot?", "And a turn?"] },
        { id: "second", prompt: "Another question" },
      ])
    ).id;
    taskId = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id;
    expect((await connect()).status).toBe(200);
  });
  afterAll(() => model.close());

  it("suggests the first open turn from the conversation so far, and stores the suggestion", async () => {
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      suggestions: [{ id: expect.any(String), model: "local-llama", content: echoReply("What is a slot?") }],
    });
    expect(model.requests.at(-1)!.body).toMatchObject({
      model: "local-llama",
      stream: false,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is a slot?" },
      ],
    });
    const stored = await prisma.suggestion.findUniqueOrThrow({ where: { id: res.body.suggestions[0].id } });
    expect(stored).toMatchObject({
      taskId,
      projectId,
      turn: 0,
      candidate: 0,
      model: "local-llama",
      content: echoReply("What is a slot?"),
      finishReason: "stop",
      parameters: { mode: "draft", baseUrl: model.baseUrl, streamed: false },
    });
  });

  it("goes on from the labeler's own earlier turn in a scripted multi-turn prompt", async () => {
    await labeler.api.put(`/api/v1/tasks/${taskId}/draft`, { turns: ["A slot is a turn to write.", ""] });
    const res = await ask();
    expect(res.body.suggestions[0].content).toBe(echoReply("And a turn?"));
    expect(model.requests.at(-1)!.body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is a slot?" },
      { role: "assistant", content: "A slot is a turn to write." },
      { role: "user", content: "And a turn?" },
    ]);
    expect((await prisma.suggestion.findUniqueOrThrow({ where: { id: res.body.suggestions[0].id } })).turn).toBe(1);
    // An earlier turn may be named; a later one needs the turns before it first.
    expect((await ask(labeler, { turn: 0 })).status).toBe(200);
    await labeler.api.put(`/api/v1/tasks/${taskId}/draft`, { turns: ["", ""] });
    expect((await ask(labeler, { turn: 1 })).status).toBe(400);
  });

  it("sends the connection's system prompt, temperature and token limit instead of the prompt's system message", async () => {
    await connect({ systemPrompt: "Write like the guidelines.", temperature: 0.2, maxTokens: 64 });
    await ask();
    expect(model.requests.at(-1)!.body).toMatchObject({
      temperature: 0.2,
      max_tokens: 64,
      messages: [
        { role: "system", content: "Write like the guidelines." },
        { role: "user", content: "What is a slot?" },
      ],
    });
    await connect();
  });

  it("offers several candidates in compare mode, asked for together", async () => {
    await connect({ mode: "compare", candidates: 3 });
    model.respondWith({ kind: "reply", content: "one" }, { kind: "reply", content: "two" }, { kind: "reply" });
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toHaveLength(3);
    expect(new Set(res.body.suggestions.map((s: { id: string }) => s.id)).size).toBe(3);
    const rows = await prisma.suggestion.findMany({
      where: { id: { in: res.body.suggestions.map((s: { id: string }) => s.id) } },
    });
    expect(new Set(rows.map((r) => r.batchId)).size).toBe(1);
    expect(rows.map((r) => r.candidate).sort()).toEqual([0, 1, 2]);
    await connect();
  });

  it("streams the text as it arrives, then the stored suggestion's id", async () => {
    const content = "A slot is a turn the labeler writes, one of several in a prompt.";
    model.respondWith({ kind: "reply", content, chunkDelayMs: 80 });
    const { response, events, elapsed } = await streamSuggestions(labeler.token, taskId);
    expect(response.status).toBe(200);
    const deltas = events.filter((e) => e.event === "delta");
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((e) => e.data.content).join("")).toBe(content);
    // The first words reached the labeler long before the model finished.
    expect(deltas[0]!.at).toBeLessThan(elapsed - 400);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    const [suggestion] = done.data.suggestions;
    expect(suggestion).toEqual({ id: expect.any(String), model: "local-llama", content });
    expect(events.find((e) => e.event === "suggestion")!.data).toEqual({ index: 0, ...suggestion });
    const stored = await prisma.suggestion.findUniqueOrThrow({ where: { id: suggestion.id } });
    expect(stored.content).toBe(content);
    expect(model.requests.at(-1)!.body.stream).toBe(true);
  });

  it("streams every candidate in compare mode, each event naming its candidate", async () => {
    await connect({ mode: "compare", candidates: 2 });
    model.respondWith({ kind: "reply", content: "left answer" }, { kind: "reply", content: "right answer" });
    const { events } = await streamSuggestions(labeler.token, taskId);
    const text = (index: number) =>
      events
        .filter((e) => e.event === "delta" && e.data.index === index)
        .map((e) => e.data.content)
        .join("");
    expect([text(0), text(1)].sort()).toEqual(["left answer", "right answer"]);
    expect(events.at(-1)!.data.suggestions).toHaveLength(2);
    await connect();
  });

  describe("when the model fails", () => {
    const failsWith = async (status: number, reason: string, maxMs = 2500) => {
      const started = Date.now();
      const res = await ask();
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code: "model_unavailable", details: { reason } });
      expect(Date.now() - started).toBeLessThan(maxMs);
      return res;
    };

    it("answers 502 for a 5xx, or any other error status, without passing the model's words on", async () => {
      model.respondWith({ kind: "error", status: 500 });
      await failsWith(502, "model_error");
      model.respondWith({ kind: "error", status: 401, message: "Incorrect API key provided: sk-sug***test" });
      const res = await failsWith(502, "model_error");
      expect(res.text).not.toContain("sk-sug");
    });

    it("answers 502 when the model cannot be reached", async () => {
      await connect({ baseUrl: `http://127.0.0.1:${await closedPort()}/v1` });
      await failsWith(502, "unreachable");
      await connect();
    });

    it("answers 503 with the model's Retry-After when it is rate limited", async () => {
      model.respondWith({ kind: "rate_limited", retryAfter: 7 });
      const res = await failsWith(503, "rate_limited");
      expect(res.headers.get("retry-after")).toBe("7");
      expect(res.body.error.details.retryAfter).toBe(7);
    });

    it("answers 504 at the connection's timeout when the model hangs", async () => {
      model.respondWith({ kind: "hang" });
      const started = Date.now();
      await failsWith(504, "timeout", 3000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    });

    it("answers 502 when the answer is not the protocol, streamed or not", async () => {
      model.respondWith({ kind: "malformed" });
      await failsWith(502, "malformed");
      model.respondWith({ kind: "malformed" });
      const { response } = await streamSuggestions(labeler.token, taskId);
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatchObject({
        code: "model_unavailable",
        details: { reason: "malformed" },
      });
    });

    it("ends a stream that already began with an error event, within the timeout, and stores nothing", async () => {
      const before = await prisma.suggestion.count({ where: { taskId } });
      model.respondWith({ kind: "malformed_after", content: "Half an" });
      const broken = await streamSuggestions(labeler.token, taskId);
      expect(broken.response.status).toBe(200);
      expect(broken.events.map((e) => e.event)).toEqual(["delta", "delta", "error"]);
      expect(broken.events.at(-1)!.data.error).toMatchObject({
        code: "model_unavailable",
        details: { reason: "malformed" },
      });

      model.respondWith({ kind: "hang_after", content: "Half an" });
      const hung = await streamSuggestions(labeler.token, taskId);
      expect(hung.events.at(-1)!.data.error).toMatchObject({ details: { reason: "timeout" } });
      expect(hung.elapsed).toBeLessThan(3000);
      expect(await prisma.suggestion.count({ where: { taskId } })).toBe(before);
    });

    it("still lets the labeler write and submit", async () => {
      model.respondWith({ kind: "error", status: 503 });
      expect((await ask()).status).toBe(502);
      const submit = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, {
        turns: ["My own first turn.", "My own second turn."],
      });
      expect(submit.status).toBe(201);
    });
  });

  it("is the task's own labeler's: another labeler, a reviewer or an admin gets 404", async () => {
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    for (const who of [other, reviewer, admin]) {
      const res = await who.api.post(`/api/v1/tasks/${task}/suggestions`, {});
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await callApi("POST", `/api/v1/tasks/${task}/suggestions`, { json: {} })).status).toBe(401);
    expect((await labeler.api.post(`/api/v1/tasks/${task}/suggestions`, {})).status).toBe(200);
  });
});
