import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUser, type TestUser } from "@/lib/testing/factories";

// 20 labelers claim and submit at once until the project is done. With responsesPerPrompt 2,
// every prompt must end with exactly 2 responses from 2 different labelers: the claim
// statement, not luck, has to guarantee it.
describe("concurrent claims", () => {
  const PROMPTS = 15;
  const LABELERS = 20;
  let labelers: TestUser[];
  let projectId: string;

  beforeAll(async () => {
    const admin = await createTestUser("admin");
    labelers = await Promise.all(Array.from({ length: LABELERS }, () => createTestUser("labeler")));
    const project = await createProjectWithPrompts(
      admin.actor,
      Array.from({ length: PROMPTS }, (_, i) => ({ id: `c${i}`, prompt: `Question ${i}?` })),
      { responsesPerPrompt: 2 },
    );
    projectId = project.id;
  });

  it("gives every prompt exactly 2 responses from 2 distinct labelers", async () => {
    const statuses: number[] = [];
    await Promise.all(
      labelers.map(async (labeler) => {
        for (;;) {
          const claim = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
          statuses.push(claim.status);
          if (claim.status === 204) return;
          const submit = await labeler.api.post(`/api/v1/tasks/${claim.body.id}/submit`, { content: "answer" });
          statuses.push(submit.status);
        }
      }),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const perPrompt = await prisma.response.groupBy({
      by: ["promptId"],
      where: { projectId },
      _count: { _all: true, authorId: true },
    });
    expect(perPrompt).toHaveLength(PROMPTS);
    for (const row of perPrompt) expect(row._count._all).toBe(2);
    const distinct = await prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(DISTINCT author_id) AS n FROM responses WHERE project_id = ${projectId}::uuid GROUP BY prompt_id`;
    expect(distinct.every((d) => Number(d.n) === 2)).toBe(true);
    const prompts = await prisma.prompt.findMany({ where: { projectId }, select: { taken: true } });
    expect(prompts.every((p) => p.taken === 2)).toBe(true);
  });

  it("never hands one labeler two tasks when they claim twice at once", async () => {
    const admin = await createTestUser("admin");
    const labeler = await createTestUser("labeler");
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "a" }, { prompt: "b" }, { prompt: "c" }]);
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)),
    );
    expect(new Set(claims.map((c) => c.body.id)).size).toBe(1);
    expect(await prisma.task.count({ where: { projectId: project.id, userId: labeler.actor.id } })).toBe(1);
  });
});
