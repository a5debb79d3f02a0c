import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// The writing workspace's server side (docs/workspace.md) through the real route handlers and database:
// active time, drafts from two devices, edit after submit, guidelines confirmations and
// returning to a skipped prompt.
describe("the writing workspace over the API", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser, other: TestUser;
  let projectId: string;

  beforeAll(async () => {
    [admin, reviewer, labeler, other] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
    const project = await createProjectWithPrompts(admin.actor, [
      { id: "w1", prompt: "First?" },
      { id: "w2", prompt: "Second?" },
      { id: "w3", prompt: "Third?" },
    ]);
    projectId = project.id;
  });

  const next = () => labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);

  it("keeps the largest active time a save sent and carries it into the response on submit", async () => {
    const task = (await next()).body;
    expect(task.activeMs).toBe(0);
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "a", activeMs: 40_000 })).status).toBe(
      200,
    );
    // A late retry with a smaller count cannot shrink it.
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "ab", activeMs: 10_000 })).status).toBe(
      200,
    );
    expect((await next()).body.activeMs).toBe(40_000);
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "x", activeMs: -1 })).status).toBe(400);
    const submitted = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, {
      content: "Answer one.",
      activeMs: 65_000,
    });
    expect(submitted.status).toBe(201);
    const response = await prisma.response.findUniqueOrThrow({
      where: { id: submitted.body.id },
      select: { activeMs: true },
    });
    expect(response.activeMs).toBe(65_000);
  });

  it("refuses a save written on an older draft than the server holds (another device), and says so", async () => {
    const task = (await next()).body;
    const first = await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "device A", baseUpdatedAt: null });
    expect(first.status).toBe(200);
    // Device B opened the task before A's save: its base is null, the server's draft is newer.
    const stale = await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "device B", baseUpdatedAt: null });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toMatchObject({ reason: "draft_changed" });
    // The time a save answers is the draft's time as the task view gives it: the screen's base.
    expect((await next()).body.draft).toEqual({ turns: ["device A"], updatedAt: first.body.updatedAt });
    // Written on the latest draft, it lands.
    const fresh = await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, {
      content: "device A, more",
      baseUpdatedAt: first.body.updatedAt,
    });
    expect(fresh.status).toBe(200);
    // Without a base (API clients), last write wins as before.
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "script" })).status).toBe(200);
  });

  it("lets the author change a response waiting for review: each change is the next revision", async () => {
    const task = (await next()).body;
    const submitted = await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "Version one." });
    const id = submitted.body.id;
    // The edit screen autosaves its drafts too.
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "Version tw" })).status).toBe(200);
    const edited = await labeler.api.post(`/api/v1/responses/${id}/revisions`, {
      content: "Version two.",
      activeMs: 5_000,
    });
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ status: "submitted", revision: 2, turns: ["Version two."] });
    // The same text again adds nothing; nobody else can edit it.
    expect((await labeler.api.post(`/api/v1/responses/${id}/revisions`, { content: "Version two." })).status).toBe(200);
    expect((await other.api.post(`/api/v1/responses/${id}/revisions`, { content: "Hijack." })).status).toBe(404);
    expect((await labeler.api.post(`/api/v1/responses/${id}/revisions`, { content: "  " })).status).toBe(400);
    const revisions = await prisma.responseRevision.findMany({
      where: { responseId: id },
      orderBy: { number: "asc" },
      select: { number: true, turns: true },
    });
    expect(revisions).toEqual([
      { number: 1, turns: ["Version one."] },
      { number: 2, turns: ["Version two."] },
    ]);
    // Reviewers see the latest revision; once decided, the author can no longer edit.
    const detail = await reviewer.api.get(`/api/v1/responses/${id}`);
    expect(detail.body).toMatchObject({ revision: 2 });
    // A reviewer who read revision 1 cannot decide on revision 2 without seeing it.
    const stale = await reviewer.api.post(`/api/v1/responses/${id}/review`, { decision: "accept", revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "conflict", details: { reason: "revision_changed", revision: 2 } });
    expect(await prisma.review.count({ where: { responseId: id } })).toBe(0);
    expect(
      (await reviewer.api.post(`/api/v1/responses/${id}/review`, { decision: "accept", revision: 2 })).status,
    ).toBeLessThan(300);
    const late = await labeler.api.post(`/api/v1/responses/${id}/revisions`, { content: "Version three." });
    expect(late.status).toBe(409);
    expect((await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "Version three." })).status).toBe(409);
  });
});

describe("guidelines confirmations", () => {
  it("opens on a first task, counts the first submit as read, then shows a diff until confirmed", async () => {
    const [admin, labeler] = await createTestUsers("admin", "labeler");
    const project = await createProjectWithPrompts(
      admin.actor,
      [
        { id: "g1", prompt: "One?" },
        { id: "g2", prompt: "Two?" },
      ],
      {
        guidelines: "# Rules\n\nBe brief.\n",
      },
    );
    const first = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    expect(first.guidelinesChange).toEqual({ kind: "first", version: 1 });
    await labeler.api.post(`/api/v1/tasks/${first.id}/submit`, { content: "Done." });

    expect(
      (await admin.api.put(`/api/v1/projects/${project.id}/guidelines`, { markdown: "# Rules\n\nBe thorough.\n" }))
        .status,
    ).toBeLessThan(300);
    const second = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    expect(second.guidelinesChange).toMatchObject({ kind: "changed", from: 1, to: 2 });
    expect(second.guidelinesChange.diff).toContainEqual({ kind: "removed", text: "brief" });
    expect(second.guidelinesChange.diff).toContainEqual({ kind: "added", text: "thorough" });

    const url = `/api/v1/projects/${project.slug}/guidelines/acknowledgement`;
    expect((await labeler.api.post(url, { version: 9 })).status).toBe(404);
    expect((await labeler.api.post(url, { version: "2" })).status).toBe(400);
    expect((await labeler.api.post(url, { version: 2 })).status).toBe(200);
    // Confirming an older version later never moves the mark back.
    expect((await labeler.api.post(url, { version: 1 })).body.version).toBe(2);
    expect((await labeler.api.get(`/api/v1/tasks/${second.id}`)).body.guidelinesChange).toBeNull();
  });
});

describe("returning to a skipped prompt", () => {
  it("brings the skipped task back with its draft, and the held task returns to the pool with its own", async () => {
    const [admin, labeler] = await createTestUsers("admin", "labeler");
    const project = await createProjectWithPrompts(admin.actor, [
      { id: "s1", prompt: "One?" },
      { id: "s2", prompt: "Two?" },
    ]);
    const next = () => labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    const one = (await next()).body;
    await labeler.api.put(`/api/v1/tasks/${one.id}/draft`, { content: "An hour of work" });
    expect((await labeler.api.post(`/api/v1/tasks/${one.id}/skip`, {})).status).toBe(200);
    const two = (await next()).body;
    expect(two.externalId).toBe("s2");
    await labeler.api.put(`/api/v1/tasks/${two.id}/draft`, { content: "Second draft" });

    const { listSkippedDrafts } = await import("@/lib/tasks/resume-task");
    expect((await listSkippedDrafts(labeler.actor)).map((d) => d.excerpt)).toEqual(["An hour of work"]);
    expect((await labeler.api.post(`/api/v1/tasks/${one.id}/resume`)).status).toBe(200);
    const back = (await next()).body;
    expect(back).toMatchObject({ id: one.id, draft: { turns: ["An hour of work"] } });
    // After submitting it, the released prompt comes back with its draft.
    await labeler.api.post(`/api/v1/tasks/${one.id}/submit`, { content: "An hour of work, done." });
    expect((await next()).body).toMatchObject({ id: two.id, draft: { turns: ["Second draft"] } });
    expect(await prisma.prompt.findMany({ where: { projectId: project.id }, select: { taken: true } })).toEqual([
      { taken: 1 },
      { taken: 1 },
    ]);
  });
});
