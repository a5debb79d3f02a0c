import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { ProjectSettingsForm, UpdateProjectInput } from "@/lib/projects/schemas";
import { createProjectWithPrompts, createTestUsers, uniq, type TestUser } from "@/lib/testing/factories";

// Prompt metadata is whatever an import line carried besides the conversation (a `metadata` object
// and every unknown key): labelers see only the keys their project allows, none by default.
describe("prompt metadata labelers see", () => {
  let admin: TestUser, labeler: TestUser, reviewer: TestUser;
  const prompt = {
    id: "m1",
    prompt: "Plan a day in Porto.",
    source: "customer-acme",
    metadata: { topic: "travel", gold: "Ribeira first" },
  };
  const full = { source: "customer-acme", topic: "travel", gold: "Ribeira first" };

  beforeAll(async () => {
    [admin, labeler, reviewer] = await createTestUsers("admin", "labeler", "reviewer");
  });

  const claim = (who: TestUser, project: string) => who.api.post(`/api/v1/projects/${project}/tasks/next`);

  it("shows labelers none by default, in tasks/next and the task's own view; reviewers see all", async () => {
    const project = await createProjectWithPrompts(admin.actor, [prompt], { responsesPerPrompt: 2 });
    expect(project.labelerMetadataKeys).toEqual([]);
    const task = await claim(labeler, project.id);
    expect(task.status).toBe(200);
    expect(task.body.metadata).toEqual({});
    expect(task.text).not.toContain("customer-acme");
    const view = await labeler.api.get(`/api/v1/tasks/${task.body.id}`);
    expect(view.body.metadata).toEqual({});

    const reviewerTask = await claim(reviewer, project.id);
    expect(reviewerTask.body.metadata).toEqual(full);
  });

  it("shows labelers the keys the project allows, and nothing more", async () => {
    const project = await createProjectWithPrompts(admin.actor, [prompt]);
    const patched = await admin.api.patch(`/api/v1/projects/${project.id}`, {
      labelerMetadataKeys: ["topic", "missing", "topic"],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.labelerMetadataKeys).toEqual(["topic", "missing"]);
    const task = await claim(labeler, project.id);
    expect(task.body.metadata).toEqual({ topic: "travel" });

    await admin.api.patch(`/api/v1/projects/${project.id}`, { labelerMetadataKeys: [] });
    expect((await labeler.api.get(`/api/v1/tasks/${task.body.id}`)).body.metadata).toEqual({});
  });

  it("is set on create, audited on change, and checked", async () => {
    const slug = uniq("meta");
    const created = await admin.api.post("/api/v1/projects", {
      name: slug,
      slug,
      guidelines: "# G",
      labelerMetadataKeys: ["topic"],
      access: "everyone",
    });
    expect(created.status).toBe(201);
    expect(created.body.labelerMetadataKeys).toEqual(["topic"]);

    await admin.api.patch(`/api/v1/projects/${slug}`, { labelerMetadataKeys: ["topic", "language"] });
    const event = await prisma.auditEvent.findFirst({
      where: { projectId: created.body.id, action: "project.update" },
      orderBy: { createdAt: "desc" },
    });
    expect(event?.before).toEqual({ labelerMetadataKeys: ["topic"] });
    expect(event?.after).toEqual({ labelerMetadataKeys: ["topic", "language"] });

    for (const bad of [[""], ["x".repeat(201)], Array.from({ length: 101 }, (_, i) => `k${i}`), "topic"]) {
      const res = await admin.api.patch(`/api/v1/projects/${slug}`, { labelerMetadataKeys: bad });
      expect(res.status).toBe(400);
    }
    expect((await labeler.api.patch(`/api/v1/projects/${slug}`, { labelerMetadataKeys: ["gold"] })).status).toBe(403);
  });

  it("the settings form takes one key a line and reports a bad one on the field", () => {
    const base = { name: "P", description: "", responsesPerPrompt: 1, maxResponseTokens: 10, leaseMinutes: 5 };
    const out = ProjectSettingsForm.parse({ ...base, labelerMetadataKeys: " topic \n\nlanguage\n" });
    expect(out.labelerMetadataKeys).toEqual(["topic", "language"]);
    expect(UpdateProjectInput.safeParse(out).success).toBe(true);
    const bad = ProjectSettingsForm.safeParse({ ...base, labelerMetadataKeys: "x".repeat(201) });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([["labelerMetadataKeys"]]);
  });
});
