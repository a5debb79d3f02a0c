import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createTestProject, createTestUser, jsonl, type TestUser } from "@/lib/testing/factories";

describe("POST /api/v1/projects/{id}/prompts", () => {
  let admin: TestUser, reviewer: TestUser;
  beforeAll(async () => {
    [admin, reviewer] = await Promise.all([createTestUser("admin"), createTestUser("reviewer")]);
  });

  it("imports every shape, keeps unknown keys as metadata, and skips known ids on re-import", async () => {
    const project = await createTestProject(admin.actor);
    const file = jsonl([
      { id: "a", prompt: "Plain?", system: "Sys" },
      { id: 7, messages: [{ role: "user", content: "Hi" }], category: "chat" },
      { question_id: 81, category: "writing", turns: ["One", "Two"] },
      { conversations: [{ from: "human", value: "Q" }, { from: "gpt", value: "" }] },
    ]);
    const first = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, file);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ imported: 4, skipped: 0, errors: [] });
    const stored = await prisma.prompt.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } });
    expect(stored.map((p) => p.externalId)).toEqual(["a", "7", null, null]);
    expect(stored[2]).toMatchObject({ metadata: { question_id: 81, category: "writing" }, slotCount: 2 });

    const again = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, jsonl([{ id: "a", prompt: "Plain?" }, { id: "b", prompt: "New" }]));
    expect(again.body).toEqual({ imported: 1, skipped: 1, errors: [] });
  });

  it("imports nothing when any line is bad, and names every bad line", async () => {
    const project = await createTestProject(admin.actor);
    const body = ['{"prompt": "fine"}', "not json", '{"turns": []}', "", '{"messages": [{"role": "assistant", "content": "x"}]}'].join("\n");
    const res = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_import");
    expect(res.body.error.details.map((d: { line: number }) => d.line)).toEqual([2, 3, 5]);
    expect(res.body.error.details.every((d: { message: string }) => d.message.length > 0)).toBe(true);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("refuses an empty file, a body over the limit, and anyone but an admin", async () => {
    const project = await createTestProject(admin.actor);
    const empty = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, "\n\n");
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toMatch(/no prompts/);
    const asReviewer = await reviewer.api.postText(`/api/v1/projects/${project.id}/prompts`, jsonl([{ prompt: "x" }]));
    expect(asReviewer.status).toBe(403);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });
});
