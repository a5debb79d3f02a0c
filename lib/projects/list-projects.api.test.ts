import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// The project list is what the home, review and admin pages show on GET: it must write nothing,
// yet count a lapsed lease as the free place it is.
describe("the project list", () => {
  let admin: TestUser, alice: TestUser, bob: TestUser;

  beforeAll(async () => {
    [admin, alice, bob] = await createTestUsers("admin", "labeler", "labeler");
  });

  const item = async (who: TestUser, projectId: string) =>
    (
      (await who.api.get("/api/v1/projects")).body.items as Array<{
        id: string;
        availableTasks: number;
        hasActiveTask: boolean;
      }>
    ).find((p) => p.id === projectId)!;

  it("counts a lapsed lease as free without releasing it", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "l1", prompt: "Q?" }]);
    const claimed = await alice.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(await item(bob, project.id)).toMatchObject({ availableTasks: 0, hasActiveTask: false });

    await prisma.task.update({ where: { id: claimed.body.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const takenBefore = (await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } })).taken;
    expect(await item(bob, project.id)).toMatchObject({ availableTasks: 1, hasActiveTask: false });
    expect(await item(alice, project.id)).toMatchObject({ availableTasks: 1, hasActiveTask: false });

    // Nothing changed: the lease ends when the next claim runs, not when someone looks.
    expect((await prisma.task.findUniqueOrThrow({ where: { id: claimed.body.id } })).status).toBe("active");
    expect((await prisma.prompt.findFirstOrThrow({ where: { projectId: project.id } })).taken).toBe(takenBefore);

    const next = await bob.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(next.body.externalId).toBe("l1");
    expect((await prisma.task.findUniqueOrThrow({ where: { id: claimed.body.id } })).status).toBe("expired");
  });
});
