import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

/** Time passes: the lease ends. */
async function lapse(taskId: string) {
  await prisma.task.update({ where: { id: taskId }, data: { expiresAt: new Date(Date.now() - 1000) } });
}

describe("task leases", () => {
  let admin: TestUser, alice: TestUser, bob: TestUser, carol: TestUser;

  beforeAll(async () => {
    [admin, alice, bob, carol] = await createTestUsers("admin", "labeler", "labeler", "labeler");
  });

  it("returns an expired task's prompt to the pool", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "only", prompt: "Q?" }]);
    const task = (await alice.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    expect((await bob.api.post(`/api/v1/projects/${project.id}/tasks/next`)).status).toBe(204);
    await lapse(task.id);
    const bobs = await bob.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(bobs.status).toBe(200);
    expect(bobs.body.externalId).toBe("only");
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("expired");
  });

  it("accepts a late submit while the prompt still needs responses", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await alice.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    await lapse(task.id);
    const late = await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "late but welcome" });
    expect(late.status).toBe(201);
    const stored = await prisma.response.findUniqueOrThrow({
      where: { taskId: task.id },
      select: { turns: true, authorId: true },
    });
    expect(stored).toEqual({ turns: ["late but welcome"], authorId: alice.actor.id });
    expect((await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } })).taken).toBe(1);
    expect((await carol.api.post(`/api/v1/projects/${project.id}/tasks/next`)).status).toBe(204);
  });

  it("keeps the text of a late submit as a draft and answers 409 when the prompt is full", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await alice.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    await lapse(task.id);
    const bobs = (await bob.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    expect((await bob.api.post(`/api/v1/tasks/${bobs.id}/submit`, { content: "bob's" })).status).toBe(201);

    const late = await alice.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "an hour of work" });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("lease_expired");
    const stored = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored.draft).toEqual({ turns: ["an hour of work"] });
    expect(await prisma.response.count({ where: { projectId: project.id } })).toBe(1);
    expect((await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } })).taken).toBe(1);
  });

  it("gives the same labeler their draft back when they reclaim a lapsed task", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Q?" }]);
    const task = (await alice.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    await alice.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "my draft" });
    await lapse(task.id);
    const again = await alice.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(again.body.id).toBe(task.id);
    expect(again.body.draft.turns).toEqual(["my draft"]);
    expect(new Date(again.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });
});
