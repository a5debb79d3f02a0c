import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import {
  echoReply,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from "@/lib/testing/openai-compatible-server";
import { POST as suggestionsRoute } from "@/app/api/v1/tasks/[id]/suggestions/route";

// The per-labeler limit on requests for suggestions (lib/assistant/request-limit.ts, default 30 a minute) and the
// copy of suggestions generated ahead, which calls no model and so does not count, once per task however many
// requests race for it (prisma/functions/assistant.sql).

describe("requests for suggestions", () => {
  let admin: TestUser;
  let model: OpenAiCompatibleServer;

  beforeAll(async () => {
    [admin] = await createTestUsers("admin");
    model = await startOpenAiCompatibleServer();
  });
  afterAll(() => model.close());

  /** A project with a connection to the local model; its prompts are `Question i?`. */
  async function connectedProject(prompts: number) {
    const project = await createProjectWithPrompts(
      admin.actor,
      Array.from({ length: prompts }, (_, i) => ({ id: `q-${i}`, prompt: `Question ${i}?` })),
      { access: "everyone" },
    );
    const put = await admin.api.put(`/api/v1/projects/${project.id}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      timeoutSeconds: 5,
    });
    expect(put.status).toBe(200);
    return project.id as string;
  }

  /** A text generated ahead for the prompt of `taskId`, current for the project's connection. */
  async function pregenerate(taskId: string, content: string) {
    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    const connection = await prisma.modelConnection.findFirstOrThrow({ where: { projectId: task.projectId } });
    return prisma.pregeneratedSuggestion.create({
      data: {
        projectId: task.projectId,
        promptId: task.promptId,
        connectionId: connection.id,
        turn: 0,
        candidate: 0,
        model: "local-llama",
        parameters: { baseUrl: model.baseUrl, mode: "draft", pregenerated: true },
        content,
        latencyMs: 50,
      },
    });
  }

  it("answers 429 rate_limited with Retry-After once a labeler has asked the model 30 times in a minute", async () => {
    const [labeler] = await createTestUsers("labeler");
    const projectId = await connectedProject(2);
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    const calls = model.requests.length;
    for (let i = 0; i < 30; i++)
      expect((await labeler.api.post(`/api/v1/tasks/${task}/suggestions`, {})).status).toBe(200);
    expect(model.requests.length).toBe(calls + 30);

    const refused = await labeler.api.post(`/api/v1/tasks/${task}/suggestions`, {});
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "rate_limited", details: { retryAfter: expect.any(Number) } });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBe(refused.body.error.details.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The streamed form is refused the same way, before any stream begins.
    const streamed = await suggestionsRoute(
      new Request(`http://exemplar.test/api/v1/tasks/${task}/suggestions`, {
        method: "POST",
        headers: { authorization: `Bearer ${labeler.token}`, accept: "text/event-stream" },
      }),
      { params: Promise.resolve({ id: task }) },
    );
    expect(streamed.status).toBe(429);
    expect(streamed.headers.get("retry-after")).toBeTruthy();
    expect(model.requests.length).toBe(calls + 30);

    // Another labeler is not held back by this one.
    const [other] = await createTestUsers("labeler");
    const theirs = (await other.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    expect((await other.api.post(`/api/v1/tasks/${theirs}/suggestions`, {})).status).toBe(200);

    // Suggestions generated ahead call no model: served while the labeler is over the limit.
    const elsewhere = await connectedProject(1);
    const next = (await labeler.api.post(`/api/v1/projects/${elsewhere}/tasks/next`)).body.id as string;
    const ready = await pregenerate(next, "Written ahead.");
    const served = await labeler.api.post(`/api/v1/tasks/${next}/suggestions`, {});
    expect(served.status).toBe(200);
    expect(served.body.suggestions).toEqual([{ id: expect.any(String), model: "local-llama", content: ready.content }]);
    // Asking again would call the model: refused.
    expect((await labeler.api.post(`/api/v1/tasks/${next}/suggestions`, {})).status).toBe(429);
  });

  it("does not count requests that call no model", async () => {
    const [labeler] = await createTestUsers("labeler");
    const projectId = await connectedProject(1);
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    await pregenerate(task, "Written ahead.");
    expect((await labeler.api.post(`/api/v1/tasks/${task}/suggestions`, {})).status).toBe(200);
    // Refused before the model (a slot past the open one): given back too.
    for (let i = 0; i < 5; i++)
      expect((await labeler.api.post(`/api/v1/tasks/${task}/suggestions`, { turn: 3 })).status).toBe(400);
    const row = await prisma.loginRateLimit.findUnique({ where: { key: `suggestions:${labeler.actor.id}` } });
    expect(row?.failures ?? 0).toBe(0);
    expect((await labeler.api.post(`/api/v1/tasks/${task}/suggestions`, {})).status).toBe(200);
    expect(
      (await prisma.loginRateLimit.findUniqueOrThrow({ where: { key: `suggestions:${labeler.actor.id}` } })).failures,
    ).toBe(1);
  });

  it("copies a suggestion generated ahead to a task once, however many requests race for it", async () => {
    const [labeler] = await createTestUsers("labeler");
    const projectId = await connectedProject(1);
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    const ready = await pregenerate(task, "Written ahead, given once.");
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => labeler.api.post(`/api/v1/tasks/${task}/suggestions`, {})),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const contents = answers.map((a) => a.body.suggestions[0].content as string);
    expect(contents.filter((c) => c === ready.content)).toHaveLength(1);
    expect(contents.filter((c) => c === echoReply("Question 0?"))).toHaveLength(5);
    const copies = await prisma.suggestion.findMany({
      where: { taskId: task, parameters: { path: ["pregeneratedId"], equals: ready.id } },
    });
    expect(copies).toHaveLength(1);
  });
});
