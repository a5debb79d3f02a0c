import { beforeAll, describe, expect, it } from "vitest";
import type { PoolClient } from "pg";
import { pool, prisma } from "@/lib/db";
import { releaseExpiredTasks } from "@/lib/tasks/sql/leasing";
import { countTurnTokens } from "@/lib/conversation/tokens";
import { createProjectWithPrompts, createTestUser, createTestUsers, type TestUser } from "@/lib/testing/factories";

// The claim and the submit are SQL functions (prisma/functions/leasing.sql)
// since bench:load; these are their rules that the loop, lease and workspace tests do not reach,
// each checked through the API and in the rows it leaves.
describe("claim and submit rules", () => {
  let admin: TestUser, alice: TestUser, bob: TestUser;

  beforeAll(async () => {
    [admin, alice, bob] = await createTestUsers("admin", "labeler", "labeler");
  });

  const claim = (who: TestUser, project: string) => who.api.post(`/api/v1/projects/${project}/tasks/next`);

  /**
   * Until `waiters` requests wait on a lock that `holder`'s open transaction holds, directly or behind
   * another waiter (a second waiter for one row queues behind the first): the race is really on.
   */
  async function blockedBy(holder: PoolClient, waiters = 1) {
    const { rows } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    for (let i = 0; i < 200; i++) {
      const waiting = await pool().query(
        `WITH RECURSIVE behind(pid) AS (
           SELECT a.pid FROM pg_stat_activity a WHERE $1 = ANY(pg_blocking_pids(a.pid))
           UNION SELECT a.pid FROM pg_stat_activity a JOIN behind b ON b.pid = ANY(pg_blocking_pids(a.pid)))
         SELECT pid FROM behind`,
        [rows[0]!.pid],
      );
      if (waiting.rowCount! >= waiters) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${waiters} request(s) ever waited for the held transaction`);
  }
  const taken = async (projectId: string) => (await prisma.prompt.findFirstOrThrow({ where: { projectId } })).taken;

  it("claims by slug as by id, and answers 404 for a project that does not exist", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "s1", prompt: "Q?" }]);
    const bySlug = await claim(alice, project.slug);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body).toMatchObject({ projectId: project.id, externalId: "s1" });
    expect((await claim(alice, project.id)).body.id).toBe(bySlug.body.id);
    for (const missing of ["no-such-project", "00000000-0000-4000-8000-000000000000"]) {
      const res = await claim(alice, missing);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("moves a held task to guidelines published since it was claimed", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const first = (await claim(alice, project.id)).body;
    expect(first.guidelines.version).toBe(1);
    expect((await admin.api.put(`/api/v1/projects/${project.id}/guidelines`, { markdown: "# New rules" })).status).toBe(
      201,
    );
    const again = (await claim(alice, project.id)).body;
    expect(again.id).toBe(first.id);
    expect(again.guidelines).toEqual({ version: 2, markdown: "# New rules" });
  });

  it("closes a full prompt to claims and opens it again when a place comes back or more responses are wanted", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }]);
    const open = async () => (await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } })).open;
    const task = (await claim(alice, project.id)).body;
    expect(await open()).toBe(false);
    expect((await claim(bob, project.id)).status).toBe(204);

    expect((await alice.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(200);
    expect(await open()).toBe(true);
    const bobs = (await claim(bob, project.id)).body;
    expect(bobs.externalId).toBe("only");
    expect((await bob.api.post(`/api/v1/tasks/${bobs.id}/submit`, { content: "Done." })).status).toBe(201);
    expect(await open()).toBe(false);

    const carol = await createTestUser("labeler");
    expect((await claim(carol, project.id)).status).toBe(204);
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { responsesPerPrompt: 2 })).status).toBe(200);
    expect(await open()).toBe(true);
    expect((await claim(carol, project.id)).body.externalId).toBe("only");
    expect(await open()).toBe(false);
  });

  it("closes full prompts when fewer responses are wanted, and opens them when more are", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }], {
      responsesPerPrompt: 2,
    });
    const open = async () => (await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } })).open;
    await claim(alice, project.id);
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { responsesPerPrompt: 1 })).status).toBe(200);
    expect(await open()).toBe(false);
    expect((await claim(bob, project.id)).status).toBe(204);
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { responsesPerPrompt: 2 })).status).toBe(200);
    expect(await open()).toBe(true);
    expect((await claim(bob, project.id)).body.externalId).toBe("only");
  });

  it("lets one release of lapsed leases run at a time; another finds the try-lock taken and releases nothing", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await claim(alice, project.id)).body;
    await prisma.task.update({ where: { id: task.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const other = await pool().connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(hashtextextended('exemplar-release-expired-tasks', 0))");
      expect(await releaseExpiredTasks(project.id)).toBe(0);
      await other.query("COMMIT");
    } finally {
      other.release();
    }
    expect(await releaseExpiredTasks(project.id)).toBe(1);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("expired");
    expect(await taken(project.id)).toBe(0);
  });

  it("repairs open flags that disagree with taken (exemplar_reopen_prompts, for hand edits)", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }]);
    await prisma.prompt.updateMany({ where: { projectId: project.id }, data: { open: false } });
    expect((await claim(bob, project.id)).status).toBe(204);
    const { rows } = await pool().query<{ fixed: number }>("SELECT exemplar_reopen_prompts($1) AS fixed", [project.id]);
    expect(rows[0]!.fixed).toBe(1);
    expect((await claim(bob, project.id)).body.externalId).toBe("only");
  });

  it("makes a claim wait while responsesPerPrompt changes, so it closes the prompt by the new value", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }], {
      responsesPerPrompt: 2,
    });
    await claim(alice, project.id);
    // What updateProject does when the setting goes from 2 to 3, held open mid-transaction.
    const admin1 = await pool().connect();
    let bobs: Promise<Awaited<ReturnType<typeof claim>>> | undefined;
    try {
      await admin1.query("BEGIN");
      await admin1.query("SELECT pg_advisory_xact_lock(exemplar_project_lock_key($1))", [project.id]);
      await admin1.query("UPDATE projects SET responses_per_prompt = 3 WHERE id = $1", [project.id]);
      await admin1.query("UPDATE prompts SET open = taken < 3 WHERE project_id = $1 AND open <> (taken < 3)", [
        project.id,
      ]);
      bobs = claim(bob, project.id);
      let settled = false;
      void bobs.then(() => (settled = true));
      await blockedBy(admin1);
      expect(settled).toBe(false);
      await admin1.query("COMMIT");
    } finally {
      admin1.release();
    }
    expect((await bobs!).status).toBe(200);
    const prompt = await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } });
    expect({ taken: prompt.taken, open: prompt.open }).toEqual({ taken: 2, open: true });
    const carol = await createTestUser("labeler");
    expect((await claim(carol, project.id)).body.externalId).toBe("only");
  });

  it("queues a claim behind a resume of the same labeler instead of deadlocking on a lapsed lease", async () => {
    const project = await createProjectWithPrompts(admin.actor, [
      { id: "a", prompt: "A?" },
      { id: "b", prompt: "B?" },
    ]);
    const dana = await createTestUser("labeler");
    const held = (await claim(dana, project.id)).body;
    await prisma.task.update({ where: { id: held.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // resume-task's first steps, held open: its locks, then expiring the labeler's active task.
    const resume = await pool().connect();
    let danas: Promise<Awaited<ReturnType<typeof claim>>> | undefined;
    try {
      await resume.query("BEGIN");
      await resume.query("SELECT pg_advisory_xact_lock_shared(exemplar_project_lock_key($1))", [project.id]);
      await resume.query("SELECT pg_advisory_xact_lock(exemplar_labeler_lock_key($1, $2))", [
        dana.actor.id,
        project.id,
      ]);
      danas = claim(dana, project.id);
      await blockedBy(resume);
      // Had the claim released the lapsed lease before queueing for the labeler's lock, this would wait
      // for the claim, which waits for this transaction: a deadlock PostgreSQL ends by failing one.
      const expired = await resume.query(
        "UPDATE tasks SET status = 'expired', finished_at = now() WHERE project_id = $1 AND user_id = $2 AND status = 'active' RETURNING prompt_id",
        [project.id, dana.actor.id],
      );
      await resume.query("UPDATE prompts SET taken = taken - 1, open = true WHERE id = $1", [
        expired.rows[0].prompt_id,
      ]);
      await resume.query("COMMIT");
    } finally {
      resume.release();
    }
    expect((await danas!).status).toBe(200);
    expect(await prisma.task.count({ where: { projectId: project.id, userId: dana.actor.id, status: "active" } })).toBe(
      1,
    );
    const taken = (await prisma.prompt.findMany({ where: { projectId: project.id } })).reduce(
      (sum, p) => sum + p.taken,
      0,
    );
    expect(taken).toBe(1);
  });

  it("never re-opens a lapsed task that its labeler skipped while their claim was choosing a prompt", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }], { responsesPerPrompt: 2 });
    const erin = await createTestUser("labeler");
    const lapsed = (await claim(erin, project.id)).body;
    await prisma.task.update({ where: { id: lapsed.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await claim(bob, project.id); // releases erin's lease: her task is expired, the prompt open again
    expect((await prisma.task.findUniqueOrThrow({ where: { id: lapsed.id } })).status).toBe("expired");

    // A skip of that task, holding its row while erin's claim picks the prompt (her task there is
    // still expired as far as the claim's snapshot knows) and waits to re-open it.
    const skip = await pool().connect();
    let erins: Promise<Awaited<ReturnType<typeof claim>>> | undefined;
    try {
      await skip.query("BEGIN");
      await skip.query("UPDATE tasks SET status = 'skipped', finished_at = now() WHERE id = $1", [lapsed.id]);
      erins = claim(erin, project.id);
      await blockedBy(skip);
      await skip.query("COMMIT");
    } finally {
      skip.release();
    }
    expect((await erins!).status).toBe(204);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: lapsed.id } })).status).toBe("skipped");
    const prompt = await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } });
    expect({ taken: prompt.taken, open: prompt.open }).toEqual({ taken: 1, open: true });
  });

  it("takes a place for a late submit of a released task, closing the prompt it fills", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }]);
    const task = (await claim(alice, project.id)).body;
    await prisma.task.update({ where: { id: task.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await claim(bob, project.id)).status).toBe(200); // releases alice's lease, takes the place
    const bobs = await prisma.task.findFirstOrThrow({ where: { projectId: project.id, userId: bob.actor.id } });
    expect((await bob.api.post(`/api/v1/tasks/${bobs.id}/skip`, {})).status).toBe(200);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("expired");

    const late = await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Still here." });
    expect(late.status).toBe(201);
    const prompt = await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } });
    expect({ taken: prompt.taken, open: prompt.open }).toEqual({ taken: 1, open: false });
  });

  it("answers two submits of one task at once with one 201 and one 200, storing one response", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await claim(alice, project.id)).body;
    // Both arrive while the task's row is locked, so neither can see the other's result first.
    const holder = await pool().connect();
    let answers: Awaited<ReturnType<typeof claim>>[];
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE", [task.id]);
      const both = Promise.all(
        [1, 2].map((n) => alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: `try ${n}` })),
      );
      await blockedBy(holder, 2);
      await holder.query("COMMIT");
      answers = await both;
    } finally {
      holder.release();
    }
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("says how many turns a task has when a submit brings another number", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ turns: ["First?", "Second?"] }]);
    const task = (await claim(alice, project.id)).body;
    const res = await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Only one." });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].message).toBe("This task has 2 turn(s) to write");
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(0);
  });

  it("refuses a turn over the project's token limit with the form's message, and writes nothing", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }], { maxResponseTokens: 5 });
    const task = (await claim(alice, project.id)).body;
    const long = "one two three four five six seven";
    expect(countTurnTokens(long)).toBeGreaterThan(5);
    const res = await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: long });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details[0].message).toBe("Keep each response within 5 tokens");
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(0);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("active");
    expect(await taken(project.id)).toBe(1);
    expect((await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Fine." })).status).toBe(201);
  });

  it("refuses a submit of a skipped task with 409 and writes nothing", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await claim(alice, project.id)).body;
    expect((await alice.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(200);
    const res = await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "after all" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(0);
    expect(await taken(project.id)).toBe(0);
  });

  it("answers 404 for another labeler's task and for no task, never touching it", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await claim(alice, project.id)).body;
    for (const id of [task.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const res = await bob.api.post(`/api/v1/tasks/${id}/submit`, { content: "mine now" });
      expect(res.status).toBe(404);
    }
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(0);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("active");
    expect(await taken(project.id)).toBe(1);
  });

  it("stores a multi-turn response with its revision, token sum and active time, once", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ turns: ["First?", "Second?"] }]);
    const task = (await claim(bob, project.id)).body;
    const turns = ["The first answer, in full.", "And the second one — with ünïcode 🙂."];
    const res = await bob.api.post(`/api/v1/tasks/${task.id}/submit`, { turns, activeMs: 4_200 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskId: task.id, status: "submitted", turns, revision: 1, guidelinesVersion: 1 });
    expect(res.body.author).toEqual({ id: bob.actor.id, name: bob.actor.name });
    expect(res.body.content).toBeUndefined();

    const stored = await prisma.response.findUniqueOrThrow({
      where: { taskId: task.id },
      include: { revisions: true },
    });
    expect(stored.tokenCount).toBe(countTurnTokens(turns[0]!) + countTurnTokens(turns[1]!));
    expect(stored.activeMs).toBe(4_200);
    expect(stored.revisions.map((r) => ({ number: r.number, turns: r.turns, authorId: r.authorId }))).toEqual([
      { number: 1, turns, authorId: bob.actor.id },
    ]);
    const again = await bob.api.post(`/api/v1/tasks/${task.id}/submit`, { turns: ["different", "text"] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: res.body.id, turns });
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(1);
    expect(await taken(project.id)).toBe(1);
  });
});
