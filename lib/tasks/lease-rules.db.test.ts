import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { claimNextTask } from "@/lib/tasks/claim-next-task";
import { listProjects } from "@/lib/projects/list-projects";

// The lease rules have one home, exemplar_lease_end and exemplar_lease_lapsed (prisma/functions/leasing.sql);
// the claim and the project list both read them.
describe("the lease rules", () => {
  let admin: TestUser, alice: TestUser, bob: TestUser;

  beforeAll(async () => {
    [admin, alice, bob] = await createTestUsers("admin", "labeler", "labeler");
  });

  it("runs a lease the project's minutes and lapses it at its end, not a moment later", async () => {
    const { rows } = await pool().query<{ minutes: number; at_end: boolean; before_end: boolean; after_end: boolean }>(
      `SELECT (extract(epoch FROM exemplar_lease_end(90) - now()) / 60)::float8 AS minutes,
              exemplar_lease_lapsed(now()) AS at_end,
              exemplar_lease_lapsed(now() + interval '1 second') AS before_end,
              exemplar_lease_lapsed(now() - interval '1 second') AS after_end`,
    );
    expect(rows[0]).toEqual({ minutes: 90, at_end: true, before_end: false, after_end: true });
  });

  it("frees a lapsed lease's place in the project list and in the claim alike", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }], { leaseMinutes: 30 });
    const held = await claimNextTask(alice.actor, project.id);
    expect(held!.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const listed = async (user: TestUser) => (await listProjects(user.actor)).find((p) => p.id === project.id)!;

    expect((await listed(alice)).hasActiveTask).toBe(true);
    expect((await listed(bob)).availableTasks).toBe(0);
    expect(await claimNextTask(bob.actor, project.id)).toBeNull();

    // The lease ends now: every later statement sees it lapsed.
    await pool().query("UPDATE tasks SET expires_at = now() WHERE id = $1", [held!.id]);
    expect((await listed(alice)).hasActiveTask).toBe(false);
    expect((await listed(bob)).availableTasks).toBe(1);
    expect((await claimNextTask(bob.actor, project.id))?.externalId).toBe("only");
  });
});
