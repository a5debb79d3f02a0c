import type { PoolClient } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { pool, prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// Removing a member releases the tasks they hold when they can no longer see the project
// (prisma/functions/leasing.sql exemplar_remove_member). Whether they can is read under the claim's locks, in the
// same statement as the release: a change of the project's access (or the user's role) made meanwhile counts.

let admin: TestUser;

beforeAll(async () => {
  [admin] = await createTestUsers("admin");
});

/** Until a request waits on a lock that `holder`'s open transaction holds. */
async function blockedBy(holder: PoolClient) {
  const { rows } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  for (let i = 0; i < 400; i++) {
    const waiting = await pool().query("SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [
      rows[0]!.pid,
    ]);
    if (waiting.rowCount! > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("no request ever waited for the held transaction");
}

/** An `everyone` project where `member` is also a member and holds a task. */
async function memberHoldingTask() {
  const project = await createProjectWithPrompts(admin.actor, [{ id: "a", prompt: "A?" }], {
    access: "everyone",
    responsesPerPrompt: 1,
  });
  const [member] = await createTestUsers("labeler");
  expect(
    (await admin.api.post(`/api/v1/projects/${project.id}/members`, { email: member.actor.email, role: "labeler" }))
      .status,
  ).toBe(201);
  const task = (await member.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body.id as string;
  return { projectId: project.id as string, member, task };
}

describe("removing a member", () => {
  it("keeps the tasks of someone who still sees the project (an `everyone` project)", async () => {
    const { projectId, member, task } = await memberHoldingTask();
    const removed = await admin.api.delete(`/api/v1/projects/${projectId}/members/${member.actor.id}`);
    expect(removed.body).toEqual({ userId: member.actor.id, releasedTasks: 0 });
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task } })).status).toBe("active");
  });

  it("releases their tasks when the project turns members-only while the removal waits for its locks", async () => {
    const { projectId, member, task } = await memberHoldingTask();
    // An admin's change of access, under way: it holds the project's settings lock until it commits.
    const change = await pool().connect();
    let removal: ReturnType<typeof admin.api.delete> | undefined;
    try {
      await change.query("BEGIN");
      await change.query("SELECT exemplar_lock_project_settings($1)", [projectId]);
      removal = admin.api.delete(`/api/v1/projects/${projectId}/members/${member.actor.id}`);
      await blockedBy(change);
      await change.query("UPDATE projects SET access = 'members' WHERE id = $1", [projectId]);
      await change.query("COMMIT");
    } finally {
      change.release();
    }
    const removed = await removal!;
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ userId: member.actor.id, releasedTasks: 1 });
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task } })).status).toBe("expired");
    const prompt = await prisma.prompt.findFirstOrThrow({ where: { projectId }, select: { taken: true, open: true } });
    expect(prompt).toEqual({ taken: 0, open: true });
  });
});
