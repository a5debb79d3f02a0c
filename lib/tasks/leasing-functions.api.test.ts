import { beforeAll, describe, expect, it } from "vitest";
import type { PoolClient } from "pg";
import { pool, prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUser, createTestUsers, type TestUser } from "@/lib/testing/factories";

// Skip, resume, the resubmit after "revise" and a change of responsesPerPrompt are SQL functions of
// prisma/functions/leasing.sql, like the claim and the submit. Their rules that other suites do not
// reach, through the API and in the rows they leave; the races are held open by hand until the
// request is seen waiting on the lock.
describe("leasing functions", () => {
  let admin: TestUser, reviewer: TestUser;

  beforeAll(async () => {
    [admin, reviewer] = await createTestUsers("admin", "reviewer");
  });

  const claim = (who: TestUser, project: string) => who.api.post(`/api/v1/projects/${project}/tasks/next`);

  /** Until a request waits on a lock that `holder`'s open transaction holds. */
  async function blockedBy(holder: PoolClient) {
    const { rows } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    for (let i = 0; i < 200; i++) {
      const waiting = await pool().query("SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [
        rows[0]!.pid,
      ]);
      if (waiting.rowCount! > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("no request ever waited for the held transaction");
  }

  /** A labeler who skipped the only prompt's task after another labeler filled the place it gave back. */
  async function skippedOntoFullPrompt(extraPrompts: { id: string; prompt: string }[] = []) {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }, ...extraPrompts]);
    const [ada, ben] = await createTestUsers("labeler", "labeler");
    const skipped = (await claim(ada, project.id)).body;
    await ada.api.put(`/api/v1/tasks/${skipped.id}/draft`, { content: "Half an answer" });
    expect((await ada.api.post(`/api/v1/tasks/${skipped.id}/skip`, { reason: "unsure" })).status).toBe(200);
    expect((await claim(ben, project.id)).body.externalId).toBe("a");
    return { project, ada, skipped };
  }

  it("refuses to return to a prompt that filled up, and the labeler keeps the task they hold", async () => {
    const { project, ada, skipped } = await skippedOntoFullPrompt([{ id: "b", prompt: "B?" }]);
    const held = (await claim(ada, project.id)).body;
    expect(held.externalId).toBe("b");

    const resume = await ada.api.post(`/api/v1/tasks/${skipped.id}/resume`);
    expect(resume.status).toBe(409);
    expect(resume.body.error.message).toBe("This prompt has all its responses now. Your draft is kept.");
    // Nothing changed: the held task still holds its place, the skipped one keeps its draft.
    expect(await prisma.task.findUniqueOrThrow({ where: { id: held.id }, select: { status: true } })).toEqual({
      status: "active",
    });
    expect(
      await prisma.task.findUniqueOrThrow({ where: { id: skipped.id }, select: { status: true, draft: true } }),
    ).toEqual({
      status: "skipped",
      draft: { turns: ["Half an answer"] },
    });
    const prompts = await prisma.prompt.findMany({
      where: { projectId: project.id },
      orderBy: { seq: "asc" },
      select: { taken: true, open: true },
    });
    expect(prompts).toEqual([
      { taken: 1, open: false },
      { taken: 1, open: false },
    ]);
  });

  it("answers a resume of a task that is not skipped with 409, and of another labeler's with 404", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }]);
    const [cai, dee] = await createTestUsers("labeler", "labeler");
    const task = (await claim(cai, project.id)).body;
    expect((await cai.api.post(`/api/v1/tasks/${task.id}/resume`)).status).toBe(200); // active already
    expect((await dee.api.post(`/api/v1/tasks/${task.id}/resume`)).status).toBe(404);
    await cai.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Done." });
    const submitted = await cai.api.post(`/api/v1/tasks/${task.id}/resume`);
    expect(submitted.status).toBe(409);
    expect(submitted.body.error.message).toBe("Only a skipped prompt can be returned to");
  });

  it("makes a resume wait while responsesPerPrompt changes, so it takes the place the new value makes", async () => {
    const { project, ada, skipped } = await skippedOntoFullPrompt();
    const settings = await pool().connect();
    let resumed: Promise<Awaited<ReturnType<typeof claim>>> | undefined;
    try {
      await settings.query("BEGIN");
      await settings.query("SELECT exemplar_set_responses_per_prompt($1, 2)", [project.id]);
      resumed = ada.api.post(`/api/v1/tasks/${skipped.id}/resume`);
      await blockedBy(settings);
      await settings.query("COMMIT");
    } finally {
      settings.release();
    }
    expect((await resumed!).status).toBe(200);
    const prompt = await prisma.prompt.findFirstOrThrow({
      where: { projectId: project.id },
      select: { taken: true, open: true },
    });
    expect(prompt).toEqual({ taken: 2, open: false });
  });

  it("makes a change of responsesPerPrompt wait for a claim under way, then opens the full prompts", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }]);
    await claim(await createTestUser("labeler"), project.id);
    // A claim's first lock, held open: the project's settings, shared.
    const claiming = await pool().connect();
    let patched: Promise<Awaited<ReturnType<typeof claim>>> | undefined;
    try {
      await claiming.query("BEGIN");
      await claiming.query("SELECT pg_advisory_xact_lock_shared(exemplar_project_lock_key($1))", [project.id]);
      patched = admin.api.patch(`/api/v1/projects/${project.id}`, { responsesPerPrompt: 2 });
      await blockedBy(claiming);
      await claiming.query("COMMIT");
    } finally {
      claiming.release();
    }
    expect((await patched!).status).toBe(200);
    const prompt = await prisma.prompt.findFirstOrThrow({
      where: { projectId: project.id },
      select: { taken: true, open: true },
    });
    expect(prompt).toEqual({ taken: 1, open: true });
  });

  it("skips once: a repeated skip answers the same, keeps the first reason and gives the place back once", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }], { responsesPerPrompt: 2 });
    const [eve, fay] = await createTestUsers("labeler", "labeler");
    await claim(fay, project.id);
    const task = (await claim(eve, project.id)).body;
    expect((await eve.api.post(`/api/v1/tasks/${task.id}/skip`, { reason: "first" })).body).toEqual({
      id: task.id,
      status: "skipped",
    });
    expect((await eve.api.post(`/api/v1/tasks/${task.id}/skip`, { reason: "second" })).body).toEqual({
      id: task.id,
      status: "skipped",
    });
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).skipReason).toBe("first");
    const prompt = await prisma.prompt.findFirstOrThrow({
      where: { projectId: project.id },
      select: { taken: true, open: true },
    });
    expect(prompt).toEqual({ taken: 1, open: true });
    expect((await fay.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(404);
  });

  it("writes nothing for a resubmit with the wrong number of turns: no revision, no audit event", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }]);
    const gus = await createTestUser("labeler");
    const task = (await claim(gus, project.id)).body;
    const response = (await gus.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "First." })).body;
    await reviewer.api.post(`/api/v1/responses/${response.id}/review`, { decision: "revise", comment: "More." });

    const refused = await gus.api.post(`/api/v1/tasks/${task.id}/submit`, { turns: ["One.", "Two."] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("The response is not valid");
    const stored = await prisma.response.findUniqueOrThrow({
      where: { id: response.id },
      include: { revisions: true },
    });
    expect({ status: stored.status, revision: stored.revision, revisions: stored.revisions.length }).toEqual({
      status: "needs_revision",
      revision: 1,
      revisions: 1,
    });
    expect(await prisma.auditEvent.count({ where: { entityId: response.id, action: "response.revise" } })).toBe(0);

    const revised = await gus.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Second, longer." });
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ id: response.id, status: "submitted", revision: 2 });
    const events = await prisma.auditEvent.findMany({ where: { entityId: response.id, action: "response.revise" } });
    expect(events.map((e) => ({ before: e.before, after: e.after, projectId: e.projectId }))).toEqual([
      {
        before: { status: "needs_revision", revision: 1 },
        after: { status: "submitted", revision: 2 },
        projectId: project.id,
      },
    ]);
    // Submitted again: the same revision back, nothing written.
    expect((await gus.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Third." })).status).toBe(200);
    expect(await prisma.responseRevision.count({ where: { responseId: response.id } })).toBe(2);
  });
});
