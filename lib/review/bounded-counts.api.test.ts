import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { COUNT_LIMIT } from "@/lib/bounded-count";
import { reviewHome } from "@/lib/review/review-home";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

/**
 * Pages count what they need not know exactly only up to COUNT_LIMIT (decision 022): the labeler's prompts
 * available and the reviewer's queues. Past it they say "1,000+", whatever the project holds.
 */
describe("bounded counts", () => {
  let admin: TestUser, labeler: TestUser, other: TestUser, reviewer: TestUser;

  beforeAll(async () => {
    [admin, labeler, other, reviewer] = await createTestUsers("admin", "labeler", "labeler", "reviewer");
  });

  /** `n` more one-slot prompts in the project, written in one statement (the import would take minutes). */
  const addPrompts = (projectId: string, n: number, taken: number) =>
    prisma.$executeRaw`
      INSERT INTO prompts (project_id, external_id, messages, slot_count, taken, open)
      SELECT ${projectId}::uuid, 'bulk-' || i,
             '[{"role": "user", "content": "Q?"}, {"role": "assistant", "content": null}]'::jsonb, 1, ${taken}, ${taken} = 0
        FROM generate_series(1, ${n}::int) i`;

  const listed = async (who: TestUser, projectId: string) =>
    (
      (await who.api.get("/api/v1/projects")).body.items as Array<{
        id: string;
        promptCount: number;
        availableTasks: number;
        availableTasksAtLeast: boolean;
      }>
    ).find((p) => p.id === projectId)!;

  it("counts the prompts available to a labeler up to the limit, and says when it stopped", async () => {
    const small = await createProjectWithPrompts(admin.actor, [
      { id: "s1", prompt: "Q?" },
      { id: "s2", prompt: "Q?" },
    ]);
    const large = await createProjectWithPrompts(admin.actor, [{ id: "l1", prompt: "Q?" }]);
    await addPrompts(large.id, COUNT_LIMIT + 4, 0);

    expect(await listed(labeler, small.id)).toMatchObject({ availableTasks: 2, availableTasksAtLeast: false });
    expect(await listed(labeler, large.id)).toMatchObject({
      promptCount: COUNT_LIMIT + 5,
      availableTasks: COUNT_LIMIT,
      availableTasksAtLeast: true,
    });
    // A full prompt (not open) is not available; its lapsed lease makes it so (the list reads both sets).
    const claimed = await other.api.post(`/api/v1/projects/${small.id}/tasks/next`);
    expect(claimed.status).toBe(200);
    await prisma.prompt.update({ where: { id: claimed.body.promptId }, data: { open: false } });
    expect(await listed(labeler, small.id)).toMatchObject({ availableTasks: 1 });
    await prisma.task.update({ where: { id: claimed.body.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await listed(labeler, small.id)).toMatchObject({ availableTasks: 2, availableTasksAtLeast: false });
  });

  it("counts the reviewer's queues up to the limit", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ id: "r1", prompt: "Q?" }], {
      responsesPerPrompt: 2,
    });
    await addPrompts(project.id, COUNT_LIMIT + 1, 2);
    // Two submitted responses to each bulk prompt, one by each labeler: every prompt waits for a ranking too.
    await prisma.$executeRaw`
      INSERT INTO tasks (project_id, prompt_id, user_id, status, expires_at, finished_at)
      SELECT pr.project_id, pr.id, u.id, 'submitted', now(), now()
        FROM prompts pr CROSS JOIN (VALUES (${labeler.actor.id}::uuid), (${other.actor.id}::uuid)) u(id)
       WHERE pr.project_id = ${project.id}::uuid AND pr.external_id LIKE 'bulk-%'`;
    await prisma.$executeRaw`
      INSERT INTO responses (task_id, project_id, prompt_id, author_id, status, turns, token_count)
      SELECT t.id, t.project_id, t.prompt_id, t.user_id, 'submitted', '["An answer."]', 3
        FROM tasks t WHERE t.project_id = ${project.id}::uuid AND t.status = 'submitted'`;

    const home = (await reviewHome(reviewer.actor)).find((p) => p.id === project.id)!;
    expect(home).toMatchObject({ waiting: COUNT_LIMIT, toRank: COUNT_LIMIT, secondOpinions: 0, ownWaiting: 0 });

    // The review list itself pages through all of them, in queue order.
    const first = await reviewer.api.get(`/api/v1/projects/${project.id}/responses?status=submitted&limit=200`);
    expect(first.body.items).toHaveLength(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
  });
});
