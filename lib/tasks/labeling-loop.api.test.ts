import { beforeAll, describe, expect, it } from "vitest";
import { parseJsonl } from "@/lib/testing/jsonl";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// The v1 loop through the real route handlers and a real database: claim → draft → submit →
// review → export, with the rules a labeler would notice when they break.
describe("the labeling loop over the API", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser, other: TestUser;
  let projectId: string;

  beforeAll(async () => {
    [admin, reviewer, labeler, other] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
    const project = await createProjectWithPrompts(
      admin.actor,
      [
        { id: "p1", prompt: "First question?", system: "Be brief." },
        { id: "p2", turns: ["Turn one?", "Turn two?"] },
      ],
      { responsesPerPrompt: 2 },
    );
    projectId = project.id;
  });

  it("claims the first prompt with its conversation, guidelines and an empty draft", async () => {
    const res = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      projectId,
      externalId: "p1",
      conversation: {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "First question?" },
          { role: "assistant", content: null },
        ],
      },
      guidelines: { version: 1, markdown: "# Be helpful\n\nWrite well." },
      draft: null,
    });
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
  });

  it("returns the task the labeler already holds instead of claiming another", async () => {
    const first = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    const again = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(again.body.id).toBe(first.body.id);
    expect(await prisma.task.count({ where: { projectId, userId: labeler.actor.id } })).toBe(1);
  });

  it("saves a draft for the assignee only, and hands it back on the next claim", async () => {
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "half a tho" })).status).toBe(200);
    expect((await other.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "hijack" })).status).toBe(404);
    const again = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(again.body.draft.turns).toEqual(["half a tho"]);
  });

  it("rejects an empty or over-long submission with the form's own messages, and keeps the task", async () => {
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    const empty = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("validation_error");
    expect(empty.body.error.details[0].message).toMatch(/Write the response/);
    const wrongShape = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { turns: ["a", "b"] });
    expect(wrongShape.status).toBe(400);
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(0);
  });

  it("submits once: a second submit returns the same response with 200", async () => {
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    const first = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, {
      content: "A process has its own memory.",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: "submitted",
      content: "A process has its own memory.",
      taskId: task.id,
    });
    const second = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "different text" });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.content).toBe("A process has its own memory.");
    expect(await prisma.response.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("offers the next prompt after a submit, with every turn of a scripted conversation to write", async () => {
    const res = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(res.body.externalId).toBe("p2");
    expect(res.body.conversation.messages).toEqual([
      { role: "user", content: "Turn one?" },
      { role: "assistant", content: null },
      { role: "user", content: "Turn two?" },
      { role: "assistant", content: null },
    ]);
    const submitted = await labeler.api.post(`/api/v1/tasks/${res.body.id}/submit`, { turns: ["One.", "Two."] });
    expect(submitted.status).toBe(201);
    expect(submitted.body.turns).toEqual(["One.", "Two."]);
  });

  it("answers 204 when no work is left for the caller", async () => {
    const res = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
  });

  it("never offers a skipped prompt to that labeler again, but to others", async () => {
    const task = (await other.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    expect(task.externalId).toBe("p1");
    await other.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "kept" });
    const skipped = await other.api.post(`/api/v1/tasks/${task.id}/skip`, { reason: "not my field" });
    expect(skipped.status).toBe(200);
    const next = await other.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(next.body.externalId).toBe("p2");
    const stored = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ status: "skipped", skipReason: "not my field", draft: { turns: ["kept"] } });
    expect((await other.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "late" })).status).toBe(409);
  });

  it("lets a reviewer accept, never the author, and exports exactly the accepted conversation", async () => {
    const list = await reviewer.api.get(`/api/v1/projects/${projectId}/responses?status=submitted`);
    expect(list.status).toBe(200);
    const item = list.body.items.find((r: { externalId: string }) => r.externalId === "p1");
    expect(item).toMatchObject({ status: "submitted", content: "A process has its own memory." });
    expect(Object.keys(item)).toEqual(
      expect.arrayContaining(["id", "promptId", "externalId", "taskId", "status", "submittedAt"]),
    );

    const selfReview = await labeler.api.post(`/api/v1/responses/${item.id}/review`, { decision: "accept" });
    expect(selfReview.status).toBe(403);
    const accepted = await reviewer.api.post(`/api/v1/responses/${item.id}/review`, {
      decision: "accept",
      comment: "Good",
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.response.status).toBe("accepted");
    const twice = await reviewer.api.post(`/api/v1/responses/${item.id}/review`, { decision: "reject" });
    expect(twice.status).toBe(409);

    const exported = await admin.api.get(`/api/v1/projects/${projectId}/export?status=accepted`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("text/x-ndjson; charset=utf-8");
    expect(exported.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.jsonl"/);
    expect(parseJsonl(exported.text)).toEqual([
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "First question?" },
          { role: "assistant", content: "A process has its own memory." },
        ],
      },
    ]);
  });
});
