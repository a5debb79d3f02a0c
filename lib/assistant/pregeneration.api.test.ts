import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { callApi } from "@/lib/testing/api-client";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import {
  echoReply,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from "@/lib/testing/openai-compatible-server";
import { configureGeneration, stopJobQueue, type GenerationTuning } from "@/lib/assistant/job-queue";
import { startGenerationWorker } from "@/lib/assistant/generation-worker";
import { POST as suggestionsRoute } from "@/app/api/v1/tasks/[id]/suggestions/route";

// Seconds rather than minutes, so a killed worker's run is taken over while the test waits.
const TUNING: Partial<GenerationTuning> = {
  sliceSeconds: 2,
  leaseSeconds: 2,
  maintenanceIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  maxAttempts: 3,
  backoffBaseMs: 100,
  backoffMaxMs: 400,
};

type Progress = { state: string; total: number; done: number; failed: number; pending: number; waiting: number };

describe("suggestions generated ahead of the labelers", () => {
  let admin: TestUser, labeler: TestUser, second: TestUser;
  let model: OpenAiCompatibleServer;
  let stopWorker: (() => Promise<void>) | undefined;

  const startWorker = async () => {
    stopWorker = await startGenerationWorker();
  };
  const prompts = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, prompt: `${tag} question ${i}` }));
  const projectWith = async (n: number, tag: string, connection: Record<string, unknown> = {}, server = model) => {
    const project = await createProjectWithPrompts(admin.actor, prompts(n, tag));
    const put = await admin.api.put(`/api/v1/projects/${project.id}/assistant`, {
      baseUrl: server.baseUrl,
      model: "local-llama",
      mode: "draft",
      timeoutSeconds: 2,
      ...connection,
    });
    expect(put.status).toBe(200);
    return project.id as string;
  };
  const generateUrl = (projectId: string) => `/api/v1/projects/${projectId}/suggestions/generate`;
  const progress = async (projectId: string) => (await admin.api.get(generateUrl(projectId))).body as Progress;
  const until = async (projectId: string, done: (p: Progress) => boolean, seconds = 20) => {
    const end = Date.now() + seconds * 1000;
    for (;;) {
      const p = await progress(projectId);
      if (done(p)) return p;
      if (Date.now() > end) throw new Error(`still ${JSON.stringify(p)} after ${seconds} s`);
      await sleep(100);
    }
  };
  const ended = (projectId: string, seconds?: number) => until(projectId, (p) => p.state !== "running", seconds);
  const callsFor = (server: OpenAiCompatibleServer, tag: string) =>
    server.requests.filter((r) => r.body.messages?.at(-1)?.content.startsWith(`${tag} question`));

  beforeAll(async () => {
    configureGeneration(TUNING);
    [admin, labeler, second] = await createTestUsers("admin", "labeler", "labeler");
    model = await startOpenAiCompatibleServer();
    await startWorker();
  });
  afterAll(async () => {
    await stopWorker?.();
    await stopJobQueue(false);
    await model.close();
  });

  it("generates one suggestion for every open prompt, and says how far it got", async () => {
    const projectId = await projectWith(12, "fill", { concurrency: 4 });
    expect(await progress(projectId)).toMatchObject({ state: "none", total: 0, done: 0 });
    // A prompt whose one place is taken is not open: nobody else will write it.
    expect((await second.api.post(`/api/v1/projects/${projectId}/tasks/next`)).status).toBe(200);

    const start = await admin.api.post(generateUrl(projectId));
    expect(start.status).toBe(202);
    expect(start.body).toMatchObject({ state: "running", total: 11, done: 0, failed: 0 });
    expect(start.body.startedBy).toEqual({ id: admin.actor.id, name: admin.actor.name });

    const finished = await ended(projectId);
    expect(finished).toMatchObject({ state: "finished", total: 11, done: 11, failed: 0, pending: 0 });
    const stored = await prisma.pregeneratedSuggestion.findMany({ where: { projectId } });
    expect(stored).toHaveLength(11);
    expect(new Set(stored.map((s) => s.promptId)).size).toBe(11);
    expect(callsFor(model, "fill")).toHaveLength(11);
    const one = stored[0]!;
    const prompt = await prisma.prompt.findUniqueOrThrow({ where: { id: one.promptId } });
    expect(one.content).toBe(echoReply((prompt.messages as Array<{ content: string }>)[0]!.content));

    // Nothing is left to do: a second start finds no open prompt without a suggestion.
    const again = await admin.api.post(generateUrl(projectId));
    expect(again.body).toMatchObject({ state: "finished", total: 0 });
    expect(callsFor(model, "fill")).toHaveLength(11);

    const events = await prisma.auditEvent.findMany({ where: { projectId, action: "suggestions.generate" } });
    expect(events.map((e) => (e.after as { total: number }).total).sort()).toEqual([0, 11]);
  });

  it("gives a labeler the stored suggestion without calling the model, once per task", async () => {
    const projectId = await projectWith(2, "serve");
    await admin.api.post(generateUrl(projectId));
    await ended(projectId);
    const calls = model.requests.length;

    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    const res = await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {});
    expect(res.status).toBe(200);
    const pregenerated = await prisma.pregeneratedSuggestion.findFirstOrThrow({ where: { promptId: task.promptId } });
    expect(res.body.suggestions).toEqual([
      { id: expect.any(String), model: "local-llama", content: pregenerated.content },
    ]);
    expect(model.requests.length).toBe(calls);
    const given = await prisma.suggestion.findUniqueOrThrow({ where: { id: res.body.suggestions[0].id } });
    expect(given).toMatchObject({ taskId: task.id, turn: 0, parameters: { pregeneratedId: pregenerated.id } });

    // Asking again is asking for another: that one comes from the model.
    model.respondWith({ kind: "reply", content: "A fresh one." });
    expect((await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {})).body.suggestions[0].content).toBe(
      "A fresh one.",
    );
    expect(model.requests.length).toBe(calls + 1);

    // Streamed, it arrives as the same events a model's stream gives.
    const other = (await second.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    const response = await suggestionsRoute(
      new Request(`http://exemplar.test/api/v1/tasks/${other.id}/suggestions`, {
        method: "POST",
        headers: { authorization: `Bearer ${second.token}`, accept: "text/event-stream" },
      }),
      { params: Promise.resolve({ id: other.id }) },
    );
    const text = await response.text();
    const stored = await prisma.pregeneratedSuggestion.findFirstOrThrow({ where: { promptId: other.promptId } });
    expect(text).toContain("event: delta");
    expect(text).toContain(`"content":${JSON.stringify(stored.content)}`);
    expect(text).toContain("event: done");
    expect(model.requests.length).toBe(calls + 1);
  });

  it("waits out a 429's Retry-After, then succeeds", async () => {
    const projectId = await projectWith(1, "busy");
    model.respondWith({ kind: "rate_limited", retryAfter: 1 });
    await admin.api.post(generateUrl(projectId));
    expect(await ended(projectId)).toMatchObject({ state: "finished", done: 1, failed: 0 });
    const [first, retry] = callsFor(model, "busy");
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(callsFor(model, "busy")).toHaveLength(2);
  });

  it("retries 5xx with growing waits, then counts the prompt as failed", async () => {
    const projectId = await projectWith(1, "down");
    model.respondWith({ kind: "error", status: 500 }, { kind: "error", status: 502 }, { kind: "error", status: 503 });
    await admin.api.post(generateUrl(projectId));
    expect(await ended(projectId)).toMatchObject({ state: "finished", done: 0, failed: 1, pending: 0 });
    const calls = callsFor(model, "down");
    expect(calls).toHaveLength(3);
    // Half to all of 100 ms, then of 200 ms.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(50);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(100);
    const item = await prisma.suggestionRunItem.findFirstOrThrow({ where: { run: { projectId } } });
    expect(item).toMatchObject({ state: "failed", attempts: 3, reason: "model_error" });

    // A 4xx would only fail again: given up at once.
    const refused = await projectWith(1, "refused");
    model.respondWith({ kind: "error", status: 400 });
    await admin.api.post(generateUrl(refused));
    expect(await ended(refused)).toMatchObject({ done: 0, failed: 1 });
    expect(callsFor(model, "refused")).toHaveLength(1);
  });

  it("keeps more calls at once than Node's default listener limit without a leak warning", async () => {
    const slow = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 100 } });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const projectId = await projectWith(24, "many", { concurrency: 12 }, slow);
      await admin.api.post(generateUrl(projectId));
      expect(await ended(projectId)).toMatchObject({ state: "finished", done: 24, failed: 0 });
      expect(slow.peakInFlight).toBeGreaterThan(10);
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
      await slow.close();
    }
  });

  it("never has more calls at once than the connection's concurrency", async () => {
    const slow = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 100 } });
    try {
      const projectId = await projectWith(30, "limit", { concurrency: 3 }, slow);
      await admin.api.post(generateUrl(projectId));
      expect(await ended(projectId)).toMatchObject({ done: 30 });
      expect(slow.peakInFlight).toBe(3);
      expect(slow.requests).toHaveLength(30);
    } finally {
      await slow.close();
    }
  });

  it("stops calling the model once cancelled, keeping what is stored", async () => {
    const slow = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 150 } });
    try {
      const projectId = await projectWith(40, "cancel", { concurrency: 2 }, slow);
      await admin.api.post(generateUrl(projectId));
      await until(projectId, (p) => p.done >= 4);
      const cancel = await admin.api.delete(generateUrl(projectId));
      expect(cancel.status).toBe(200);
      expect(cancel.body.state).toBe("cancelled");
      await sleep(100);
      const calls = slow.requests.length;
      await sleep(1500);
      expect(slow.requests.length).toBe(calls);
      const after = await progress(projectId);
      expect(after.state).toBe("cancelled");
      expect(after.done).toBeLessThan(40);
      expect(after.done + after.pending).toBe(40);
      expect(await prisma.pregeneratedSuggestion.count({ where: { projectId } })).toBe(after.done);
      expect(await prisma.auditEvent.count({ where: { projectId, action: "suggestions.cancel" } })).toBe(1);
      // Cancelling again changes nothing.
      expect((await admin.api.delete(generateUrl(projectId))).body.state).toBe("cancelled");
      expect(await prisma.auditEvent.count({ where: { projectId, action: "suggestions.cancel" } })).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it("runs one generation per project at a time, and needs a model connection", async () => {
    const slow = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 100 } });
    try {
      const projectId = await projectWith(10, "once", { concurrency: 1 }, slow);
      expect((await admin.api.post(generateUrl(projectId))).status).toBe(202);
      const twice = await admin.api.post(generateUrl(projectId));
      expect(twice.status).toBe(409);
      expect(twice.body.error.details.reason).toBe("generation_running");
      await admin.api.delete(generateUrl(projectId));
    } finally {
      await slow.close();
    }
    const bare = (await createProjectWithPrompts(admin.actor, prompts(1, "bare"))).id;
    const none = await admin.api.post(generateUrl(bare));
    expect(none.status).toBe(409);
    expect(none.body.error.details.reason).toBe("no_model_connection");
  });

  it("is for admins: others get 403, a signed-out caller 401", async () => {
    const projectId = await projectWith(1, "authz");
    for (const method of ["get", "post", "delete"] as const) {
      expect((await labeler.api[method](generateUrl(projectId))).status).toBe(403);
      expect((await callApi(method.toUpperCase(), generateUrl(projectId))).status).toBe(401);
    }
  });

  it("is taken over by another worker when the one working it is killed, each prompt written once", async () => {
    const slow = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 150 } });
    let child: ChildProcess | undefined;
    try {
      await stopWorker?.();
      stopWorker = undefined;
      const projectId = await projectWith(30, "resume", { concurrency: 3 }, slow);
      await admin.api.post(generateUrl(projectId));

      // Node itself with tsx's loader, not the tsx command, which runs the script in a child it would leave behind.
      child = spawn(
        process.execPath,
        ["--import", "tsx", "--conditions=react-server", "lib/testing/generation-worker-child.ts"],
        { env: { ...process.env, EXEMPLAR_TEST_TUNING: JSON.stringify(TUNING) }, stdio: ["ignore", "pipe", "inherit"] },
      );
      const [ready] = (await once(child.stdout!, "data")) as [Buffer];
      expect(ready.toString()).toContain("ready");
      await until(projectId, (p) => p.done >= 6, 30);
      child.kill("SIGKILL");
      await once(child, "exit");
      const atKill = await progress(projectId);
      expect(atKill.state).toBe("running");
      expect(atKill.done).toBeLessThan(30);

      await startWorker();
      expect(await ended(projectId, 30)).toMatchObject({ state: "finished", total: 30, done: 30, failed: 0 });
      const stored = await prisma.pregeneratedSuggestion.groupBy({
        by: ["promptId"],
        where: { projectId },
        _count: true,
      });
      expect(stored).toHaveLength(30);
      expect(stored.every((s) => s._count === 1)).toBe(true);
      // Only calls in flight (or not yet written) when the worker died were made twice.
      expect(slow.requests.length).toBeGreaterThanOrEqual(30);
      expect(slow.requests.length).toBeLessThanOrEqual(30 + 6);
      expect(slow.peakInFlight).toBeLessThanOrEqual(3);
    } finally {
      if (child && child.exitCode === null) child.kill("SIGKILL");
      await slow.close();
    }
  }, 60_000);
});
