import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { pool, prisma } from "@/lib/db";
import { saveDraft } from "@/lib/tasks/save-draft";
import { SaveDraftInput } from "@/lib/tasks/schemas";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// Autosave (PUT /api/v1/tasks/{id}/draft) through the real route handler and database: every
// answer it gives, that a refused save changes nothing, and that a save that lands is one statement.
describe("saving a draft", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser, other: TestUser;

  beforeAll(async () => {
    [admin, reviewer, labeler, other] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
  });

  afterEach(() => vi.restoreAllMocks());

  /** A task of its own (a new project each time, since a labeler holds one task per project). */
  async function claimTask(prompt: Record<string, unknown> = { prompt: "Why?" }): Promise<string> {
    const project = await createProjectWithPrompts(admin.actor, [prompt]);
    const task = await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(task.status).toBe(200);
    return task.body.id;
  }

  const save = (user: TestUser, taskId: string, body: unknown) => user.api.put(`/api/v1/tasks/${taskId}/draft`, body);
  const stored = (taskId: string) =>
    prisma.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { draft: true, draftUpdatedAt: true, activeMs: true },
    });

  it("saves the turns and answers them with the draft's time", async () => {
    const taskId = await claimTask({ turns: ["First?", "Second?"] });
    const res = await save(labeler, taskId, { turns: ["One", "Tw"], activeMs: 1_000 });
    expect(res.status).toBe(200);
    const after = await stored(taskId);
    expect(after).toEqual({ draft: { turns: ["One", "Tw"] }, draftUpdatedAt: expect.any(Date), activeMs: 1_000 });
    expect(res.body).toEqual({ taskId, turns: ["One", "Tw"], updatedAt: after.draftUpdatedAt!.toISOString() });
    // Fewer turns than slots is a draft in progress; `content` is one turn.
    expect((await save(labeler, taskId, { content: "On" })).body.turns).toEqual(["On"]);
    expect((await stored(taskId)).draft).toEqual({ turns: ["On"] });
  });

  it("answers 400 to an invalid draft and changes nothing", async () => {
    const taskId = await claimTask();
    await save(labeler, taskId, { content: "kept", activeMs: 5_000 });
    const before = await stored(taskId);
    for (const body of [
      { turns: [] },
      { content: 5 },
      { content: "x", activeMs: -1 },
      { content: "x", baseUpdatedAt: "yesterday" },
      { content: "x", extra: 1 },
    ]) {
      const res = await save(labeler, taskId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
    }
    expect(await stored(taskId)).toEqual(before);
  });

  it("answers 400 to more turns than the prompt has slots, and the draft stays as it was", async () => {
    const taskId = await claimTask({ turns: ["First?", "Second?"] });
    await save(labeler, taskId, { turns: ["a", "b"], activeMs: 1_000 });
    const before = await stored(taskId);
    const res = await save(labeler, taskId, { turns: ["a", "b", "c"], activeMs: 9_000 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "validation_error", message: "This task has 2 turn(s) to write" });
    expect(await stored(taskId)).toEqual(before);
  });

  it("answers 404 to a malformed id, a missing task and another labeler's task, and never touches theirs", async () => {
    const taskId = await claimTask();
    await save(labeler, taskId, { content: "mine", activeMs: 2_000 });
    const before = await stored(taskId);
    const answers = [
      await save(labeler, "not-a-uuid", { content: "x" }),
      await save(labeler, randomUUID(), { content: "x" }),
      await save(other, taskId, { content: "hijack", activeMs: 99_000 }),
      await save(other, taskId, { content: "hijack", baseUpdatedAt: null }),
    ];
    for (const res of answers) expect(res.body.error).toEqual({ code: "not_found", message: "Task not found" });
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(await stored(taskId)).toEqual(before);
  });

  it("keeps saving while the response is open to its author, and answers 409 once it was reviewed", async () => {
    const taskId = await claimTask();
    const submitted = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "Version one." });
    expect(submitted.status).toBe(201);
    // Waiting for review, then sent back: both are open to the author.
    expect((await save(labeler, taskId, { content: "Version tw" })).status).toBe(200);
    const responseId = submitted.body.id;
    const revise = await reviewer.api.post(`/api/v1/responses/${responseId}/review`, {
      decision: "revise",
      comment: "More.",
    });
    expect(revise.body.response.status).toBe("needs_revision");
    expect((await save(labeler, taskId, { content: "Version two" })).status).toBe(200);
    await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "Version two." });
    expect(
      (await reviewer.api.post(`/api/v1/responses/${responseId}/review`, { decision: "accept" })).status,
    ).toBeLessThan(300);

    const before = await stored(taskId);
    const message = "This response was reviewed; it can no longer change as a draft";
    const late = await save(labeler, taskId, { content: "Version three.", activeMs: 99_000 });
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({ code: "conflict", message });
    // The review is the answer even when the draft is also too long or written on an old base.
    expect((await save(labeler, taskId, { turns: ["a", "b"] })).body.error).toEqual({ code: "conflict", message });
    expect((await save(labeler, taskId, { content: "x", baseUpdatedAt: null })).body.error).toEqual({
      code: "conflict",
      message,
    });
    expect(await stored(taskId)).toEqual(before);
  });

  it("refuses a save written on an older draft than the server holds with draft_changed and the server's time", async () => {
    const taskId = await claimTask();
    // No server draft yet: any base lands.
    const first = await save(labeler, taskId, { content: "device A", baseUpdatedAt: "2020-01-01T00:00:00.000Z" });
    expect(first.status).toBe(200);
    const before = await stored(taskId);
    for (const baseUpdatedAt of [
      null,
      "2020-01-01T00:00:00.000Z",
      new Date(before.draftUpdatedAt!.getTime() - 1).toISOString(),
    ]) {
      const stale = await save(labeler, taskId, { content: "device B", baseUpdatedAt, activeMs: 50_000 });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({
        code: "conflict",
        details: { reason: "draft_changed", serverUpdatedAt: first.body.updatedAt },
      });
    }
    expect(await stored(taskId)).toEqual(before);
    // Written on the server's draft (or later), or with no base at all, it lands.
    const fresh = await save(labeler, taskId, { content: "device A, more", baseUpdatedAt: first.body.updatedAt });
    expect(fresh.status).toBe(200);
    expect((await save(labeler, taskId, { content: "script" })).status).toBe(200);
    expect((await stored(taskId)).draft).toEqual({ turns: ["script"] });
  });

  it("answers 'submitted meanwhile' when the refusal's reason is gone by the time it is read", async () => {
    const taskId = await claimTask();
    const submitted = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "Answer." });
    await reviewer.api.post(`/api/v1/responses/${submitted.body.id}/review`, { decision: "accept" });
    // A race made deterministic: the response reopens between the refused UPDATE and the read that explains it.
    const query = pool().query.bind(pool());
    vi.spyOn(pool(), "query").mockImplementation((async (config: { name?: string }, ...rest: unknown[]) => {
      if (config?.name === "save-draft-refused") {
        await prisma.response.update({ where: { id: submitted.body.id }, data: { status: "submitted" } });
      }
      return (query as (...args: unknown[]) => unknown)(config, ...rest);
    }) as never);
    const res = await save(labeler, taskId, { content: "late" });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: "conflict", message: "This task was submitted meanwhile" });
  });

  it("only ever grows the active time", async () => {
    const taskId = await claimTask();
    const activeMs = async (body: Record<string, unknown>) => {
      expect((await save(labeler, taskId, { content: "x", ...body })).status).toBe(200);
      return (await stored(taskId)).activeMs;
    };
    expect(await activeMs({ activeMs: 40_000 })).toBe(40_000);
    expect(await activeMs({ activeMs: 10_000 })).toBe(40_000);
    expect(await activeMs({})).toBe(40_000);
    expect(await activeMs({ activeMs: 0 })).toBe(40_000);
    expect(await activeMs({ activeMs: 41_000 })).toBe(41_000);
  });

  it("lands a save in one statement on the pool, with no other statement sent to PostgreSQL", async () => {
    const taskId = await claimTask({ turns: ["First?", "Second?"] });
    await saveDraft(labeler.actor, taskId, SaveDraftInput.parse({ content: "warm" }));
    const before = await stored(taskId);
    // Counts, without replacing them: calls on the shared pool (Prisma's adapter sends its queries
    // outside transactions through `pool.query` too), checkouts from it (a transaction's), and
    // statements any pg connection of this process sends.
    const poolQuery = vi.spyOn(pool(), "query");
    const checkout = vi.spyOn(pool(), "connect");
    const sent = vi.spyOn(pg.Client.prototype, "query");
    // Parsed first, as the route does: the counts are of the save's statements only.
    const input = SaveDraftInput.parse({
      turns: ["One", "Two"],
      activeMs: 3_000,
      baseUpdatedAt: before.draftUpdatedAt!.toISOString(),
    });
    const saved = await saveDraft(labeler.actor, taskId, input);
    expect(poolQuery).toHaveBeenCalledTimes(1);
    expect(poolQuery.mock.calls[0]![0]).toMatchObject({ name: "save-draft" });
    expect(checkout).toHaveBeenCalledTimes(1); // the one pool.query's own
    expect(sent).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    expect(saved).toEqual({ taskId, turns: ["One", "Two"], updatedAt: (await stored(taskId)).draftUpdatedAt });

    // A refused save reads twice more to say why (is the project still the writer's, then which rule
    // refused it): three statements.
    const tooMany = SaveDraftInput.parse({ turns: ["a", "b", "c"] });
    const counted = vi.spyOn(pg.Client.prototype, "query");
    await expect(saveDraft(labeler.actor, taskId, tooMany)).rejects.toMatchObject({
      code: "validation_error",
    });
    expect(counted).toHaveBeenCalledTimes(3);
  });
});
