import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";
import { configureGeneration, stopJobQueue } from "@/lib/assistant/job-queue";
import { startGenerationWorker } from "@/lib/assistant/generation-worker";

// A worker reads the connection when its slice starts (lib/assistant/generation-worker.ts); an admin may change or
// delete it while the slice's calls are in flight. What those calls bring back must not be stored as if the
// current settings had written it.

type Progress = { state: string; total: number; done: number; failed: number; pending: number; reason: string | null };

describe("suggestions generated ahead while the connection changes", () => {
  let admin: TestUser;
  let model: OpenAiCompatibleServer;
  let stopWorker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // Slices longer than the test: only a change of the connection ends one early.
    configureGeneration({
      sliceSeconds: 30,
      leaseSeconds: 2,
      maintenanceIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    [admin] = await createTestUsers("admin");
    // Slow enough that the change lands while the first calls are in flight.
    model = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 1500 } });
    stopWorker = await startGenerationWorker();
  });
  afterAll(async () => {
    await stopWorker?.();
    await stopJobQueue(false);
    await model.close();
  });

  const put = (projectId: string, name: string) =>
    admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: name,
      mode: "draft",
      timeoutSeconds: 5,
      concurrency: 4,
    });
  const url = (projectId: string) => `/api/v1/projects/${projectId}/suggestions/generate`;
  const until = async (projectId: string, done: (p: Progress) => boolean, seconds = 40) => {
    const end = Date.now() + seconds * 1000;
    for (;;) {
      const p = (await admin.api.get(url(projectId))).body as Progress;
      if (done(p)) return p;
      if (Date.now() > end) throw new Error(`still ${JSON.stringify(p)} after ${seconds} s`);
      await sleep(100);
    }
  };
  const inFlight = async (name: string) => {
    const end = Date.now() + 20_000;
    while (!model.requests.some((r) => r.body.model === name)) {
      if (Date.now() > end) throw new Error(`no call for ${name}`);
      await sleep(20);
    }
  };

  it("stores nothing the old settings wrote once the model is changed, and goes on with the new one", async () => {
    const project = await createProjectWithPrompts(
      admin.actor,
      Array.from({ length: 4 }, (_, i) => ({ id: `c-${i}`, prompt: `Changing ${i}?` })),
    );
    expect((await put(project.id, "old-model")).status).toBe(200);
    expect((await admin.api.post(url(project.id))).status).toBe(202);
    await inFlight("old-model");
    expect((await put(project.id, "new-model")).status).toBe(200);

    const finished = await until(project.id, (p) => p.state !== "running");
    expect(finished).toMatchObject({ state: "finished", total: 4, done: 4, failed: 0 });
    const connection = await prisma.modelConnection.findFirstOrThrow({ where: { projectId: project.id } });
    const stored = await prisma.pregeneratedSuggestion.findMany({ where: { projectId: project.id } });
    expect(stored).toHaveLength(4);
    // Every one is current and was written by the model the connection names now.
    for (const row of stored) {
      expect(row.model).toBe("new-model");
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(connection.updatedAt.getTime());
    }
  });

  it("stores nothing once the connection is deleted, and the run fails", async () => {
    const project = await createProjectWithPrompts(
      admin.actor,
      Array.from({ length: 4 }, (_, i) => ({ id: `d-${i}`, prompt: `Deleted ${i}?` })),
    );
    expect((await put(project.id, "doomed-model")).status).toBe(200);
    expect((await admin.api.post(url(project.id))).status).toBe(202);
    await inFlight("doomed-model");
    expect((await admin.api.delete(`/api/v1/projects/${project.id}/assistant`)).status).toBe(204);

    const ended = await until(project.id, (p) => p.state !== "running");
    expect(ended).toMatchObject({ state: "failed", reason: "connection_deleted", done: 0 });
    expect(await prisma.pregeneratedSuggestion.count({ where: { projectId: project.id } })).toBe(0);
  });
});
