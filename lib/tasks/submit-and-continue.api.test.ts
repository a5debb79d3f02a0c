import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// Submit and continue (docs/api.md "submit"): `next: true` answers the response and the next task
// in one round trip, the same task `POST …/tasks/next` would have claimed.
describe("submit with next", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser, other: TestUser;

  beforeAll(async () => {
    [admin, reviewer, labeler, other] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
  });

  const newProject = async (count: number) =>
    (
      await createProjectWithPrompts(
        admin.actor,
        Array.from({ length: count }, (_, i) => ({ id: `q${i + 1}`, prompt: `Question ${i + 1}?` })),
        { access: "everyone" },
      )
    ).id;
  const claim = (user: TestUser, projectId: string) => user.api.post(`/api/v1/projects/${projectId}/tasks/next`);
  const heldBy = (user: TestUser, projectId: string) =>
    prisma.task.findMany({ where: { projectId, userId: user.actor.id, status: "active" }, select: { id: true } });

  it("answers the response and the next task, held by the labeler exactly as tasks/next holds it", async () => {
    const projectId = await newProject(2);
    const first = (await claim(labeler, projectId)).body;
    const res = await labeler.api.post(`/api/v1/tasks/${first.id}/submit`, { content: "One.", next: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskId: first.id, status: "submitted", content: "One." });
    expect(res.body.nextError).toBeUndefined();
    expect(res.body.next).toMatchObject({ projectId, externalId: "q2", status: "active", draft: null });

    // The very object tasks/next answers: asking again returns the task now held, and nobody else gets it.
    const again = await claim(labeler, projectId);
    expect(again.body).toEqual(res.body.next);
    expect(await heldBy(labeler, projectId)).toEqual([{ id: res.body.next.id }]);
    expect((await claim(other, projectId)).body?.externalId).not.toBe("q2");
  });

  it("answers next: null when no work is left", async () => {
    const projectId = await newProject(1);
    const task = (await claim(labeler, projectId)).body;
    const res = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Last.", next: true });
    expect(res.status).toBe(201);
    expect(res.body.next).toBeNull();
    expect(res.body.nextError).toBeUndefined();
    expect((await claim(labeler, projectId)).status).toBe(204);
  });

  it("without next answers the response alone and claims nothing", async () => {
    const projectId = await newProject(2);
    const task = (await claim(labeler, projectId)).body;
    const res = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "One." });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty("next");
    expect(res.body).not.toHaveProperty("nextError");
    expect(await heldBy(labeler, projectId)).toEqual([]);
    // `next: false` is the same as leaving it out.
    const repeat = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "One.", next: false });
    expect(repeat.status).toBe(200);
    expect(repeat.body).not.toHaveProperty("next");
  });

  it("claims nothing when the submit fails", async () => {
    const projectId = await newProject(3);
    const task = (await claim(labeler, projectId)).body;
    const blank = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "  ", next: true });
    expect(blank.status).toBe(400);
    expect(await heldBy(labeler, projectId)).toEqual([{ id: task.id }]);
    // Someone else's task: not found, and the caller holds nothing new.
    const theirs = await other.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Mine.", next: true });
    expect(theirs.status).toBe(404);
    expect(await heldBy(other, projectId)).toEqual([]);
    // A skipped task cannot be submitted, and the failed submit hands out no work either.
    expect((await labeler.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(200);
    const skipped = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Late.", next: true });
    expect(skipped.status).toBe(409);
    expect(await heldBy(labeler, projectId)).toEqual([]);
  });

  it("keeps the submit when the claim is refused, and says why", async () => {
    const projectId = await newProject(2);
    const task = (await claim(labeler, projectId)).body;
    expect((await admin.api.patch(`/api/v1/projects/${projectId}`, { status: "paused" })).status).toBe(200);
    const res = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Done.", next: true });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("submitted");
    expect(res.body.next).toBeNull();
    expect(res.body.nextError).toMatchObject({ status: 409, code: "conflict", details: { reason: "project_paused" } });
    expect(await heldBy(labeler, projectId)).toEqual([]);
  });

  it("a resubmit after a revise request answers the next task too", async () => {
    const projectId = await newProject(2);
    const first = (await claim(labeler, projectId)).body;
    const submitted = await labeler.api.post(`/api/v1/tasks/${first.id}/submit`, { content: "Short.", next: true });
    const held = submitted.body.next;
    expect(held.externalId).toBe("q2");
    const sendBack = { decision: "revise", comment: "Longer, please." };
    expect((await reviewer.api.post(`/api/v1/responses/${submitted.body.id}/review`, sendBack)).status).toBe(200);

    // The sent-back task comes first; its resubmit continues with the task still held.
    expect((await claim(labeler, projectId)).body.id).toBe(first.id);
    const res = await labeler.api.post(`/api/v1/tasks/${first.id}/submit`, { content: "Longer.", next: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: submitted.body.id, revision: 2, status: "submitted" });
    expect(res.body.next).toMatchObject({ id: held.id, externalId: "q2" });
  });
});
