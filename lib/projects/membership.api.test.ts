import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// Project membership, pause, archive and delete (lib/projects/access.ts, docs/decisions/009-project-membership.md).
// Which route answers what to whom is the authorization matrix's membership table; these follow the rules
// through a user's eyes.

const PROMPTS = [{ prompt: "One?" }, { prompt: "Two?" }, { prompt: "Three?" }, { prompt: "Four?" }];

let admin: TestUser;
let a: TestUser;
let b: TestUser;
let reviewer: TestUser;

beforeAll(async () => {
  [admin, a, b, reviewer] = await createTestUsers("admin", "labeler", "labeler", "reviewer");
});

async function membersProject(overrides = {}) {
  return createProjectWithPrompts(admin.actor, PROMPTS, { access: "members", ...overrides });
}
const listed = async (who: TestUser, query = "") =>
  ((await who.api.get(`/api/v1/projects${query}`)).body.items as Array<{ id: string }>).map((p) => p.id);
const claim = (who: TestUser, projectId: string) => who.api.post(`/api/v1/projects/${projectId}/tasks/next`);

describe("a members-only project", () => {
  it("is new projects' default, and unseen by a non-member until added", async () => {
    const created = await admin.api.post("/api/v1/projects", { name: "Quiet", guidelines: "# G" });
    expect(created.body.access).toBe("members");
    const id = created.body.id as string;
    expect(await listed(b)).not.toContain(id);
    expect((await b.api.get(`/api/v1/projects/${id}`)).status).toBe(404);
    expect((await claim(b, id)).status).toBe(404);

    expect(
      (await admin.api.post(`/api/v1/projects/${id}/members`, { email: b.actor.email, role: "labeler" })).status,
    ).toBe(201);
    expect(await listed(b)).toContain(id);
    expect((await b.api.get(`/api/v1/projects/${id}`)).status).toBe(200);
  });

  it("adds idempotently: adding again changes the role, 200; members are listed for admins", async () => {
    const project = await membersProject();
    const add = (role: string) =>
      admin.api.post(`/api/v1/projects/${project.id}/members`, { email: reviewer.actor.email.toUpperCase(), role });
    expect((await add("labeler")).status).toBe(201);
    const again = await add("reviewer");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ userId: reviewer.actor.id, role: "reviewer" });
    const members = await admin.api.get(`/api/v1/projects/${project.id}/members`);
    expect(members.body.items).toEqual([
      expect.objectContaining({ userId: reviewer.actor.id, email: reviewer.actor.email, role: "reviewer" }),
    ]);
    const unknown = await admin.api.post(`/api/v1/projects/${project.id}/members`, {
      email: "nobody@example.test",
      role: "labeler",
    });
    expect(unknown.status).toBe(400);
    const events = await prisma.auditEvent.findMany({
      where: { projectId: project.id, action: { startsWith: "project.member" } },
      orderBy: { seq: "asc" },
      select: { action: true },
    });
    expect(events.map((e) => e.action)).toEqual(["project.member_add", "project.member_update"]);
  });

  it("caps the project role by the user's own: a reviewer added as labeler labels but cannot review", async () => {
    const project = await membersProject();
    await admin.api.post(`/api/v1/projects/${project.id}/members`, { email: reviewer.actor.email, role: "labeler" });
    await admin.api.post(`/api/v1/projects/${project.id}/members`, { email: a.actor.email, role: "reviewer" });
    expect((await claim(reviewer, project.id)).status).toBe(200);
    expect((await reviewer.api.get(`/api/v1/projects/${project.id}/responses`)).status).toBe(403);
    expect(await listed(reviewer)).toContain(project.id);
    // A labeler made a project reviewer is still a labeler.
    expect((await a.api.get(`/api/v1/projects/${project.id}/responses`)).status).toBe(403);
  });

  it("removing a member returns their held task to the pool and keeps their draft and responses", async () => {
    const project = await membersProject({ responsesPerPrompt: 1 });
    await admin.api.post(`/api/v1/projects/${project.id}/members`, { email: a.actor.email, role: "labeler" });
    await admin.api.post(`/api/v1/projects/${project.id}/members`, { email: b.actor.email, role: "labeler" });
    const first = (await claim(a, project.id)).body.id as string;
    const response = (await a.api.post(`/api/v1/tasks/${first}/submit`, { content: "A's answer" })).body.id as string;
    const held = (await claim(a, project.id)).body;
    await a.api.put(`/api/v1/tasks/${held.id}/draft`, { content: "A's unfinished draft" });

    const removed = await admin.api.delete(`/api/v1/projects/${project.id}/members/${a.actor.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ userId: a.actor.id, releasedTasks: 1 });
    expect((await a.api.get(`/api/v1/tasks/${held.id}`)).status).toBe(404);
    // An autosave from a tab still open changes nothing (the draft below is as A left it).
    expect((await a.api.put(`/api/v1/tasks/${held.id}/draft`, { content: "typed after removal" })).status).toBe(404);
    expect((await a.api.get(`/api/v1/responses/${response}`)).status).toBe(404);
    expect(await listed(a)).not.toContain(project.id);

    // The prompt A held is open again: B gets it (prompts are handed out in order, and the first is answered).
    const next = (await claim(b, project.id)).body;
    expect(next.promptId).toBe(held.promptId);
    const kept = await prisma.task.findUniqueOrThrow({ where: { id: held.id }, select: { status: true, draft: true } });
    expect(kept).toEqual({ status: "expired", draft: { turns: ["A's unfinished draft"] } });
    expect(await prisma.response.count({ where: { id: response } })).toBe(1);
    // Removing again: not a member.
    expect((await admin.api.delete(`/api/v1/projects/${project.id}/members/${a.actor.id}`)).status).toBe(404);
  });
});

describe("an everyone project", () => {
  it("is seen and worked by every user as before, with no members", async () => {
    const project = await createProjectWithPrompts(admin.actor, PROMPTS, { access: "everyone" });
    expect(await listed(b)).toContain(project.id);
    expect((await claim(b, project.id)).status).toBe(200);
    expect((await reviewer.api.get(`/api/v1/projects/${project.id}/responses`)).status).toBe(200);
  });

  it("switching a project to members-only hides it from non-members (audited as a setting)", async () => {
    const project = await createProjectWithPrompts(admin.actor, PROMPTS, { access: "everyone" });
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { access: "members" })).status).toBe(200);
    expect((await b.api.get(`/api/v1/projects/${project.id}`)).status).toBe(404);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { projectId: project.id, action: "project.update" },
      select: { before: true, after: true },
    });
    expect(event).toEqual({ before: { access: "everyone" }, after: { access: "members" } });
  });
});

describe("pause, archive and delete", () => {
  it("a paused project hands out no new work, but a held task may still be saved and submitted", async () => {
    const project = await createProjectWithPrompts(admin.actor, PROMPTS, { access: "everyone" });
    const task = (await claim(a, project.id)).body.id as string;
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { status: "paused" })).status).toBe(200);
    const refused = await claim(b, project.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", details: { reason: "project_paused" } });
    expect((await a.api.put(`/api/v1/tasks/${task}/draft`, { content: "nearly" })).status).toBe(200);
    expect((await a.api.post(`/api/v1/tasks/${task}/submit`, { content: "done" })).status).toBe(201);
    expect(await listed(b)).toContain(project.id);
  });

  it("an archived project is read-only and listed only when asked for", async () => {
    const project = await createProjectWithPrompts(admin.actor, PROMPTS, { access: "everyone" });
    const task = (await claim(a, project.id)).body.id as string;
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { status: "archived" })).status).toBe(200);
    expect(await listed(a)).not.toContain(project.id);
    expect(await listed(a, "?status=archived")).toContain(project.id);
    expect((await a.api.get(`/api/v1/projects/${project.id}`)).status).toBe(200);
    for (const res of [
      await a.api.put(`/api/v1/tasks/${task}/draft`, { content: "late" }),
      await a.api.post(`/api/v1/tasks/${task}/submit`, { content: "late" }),
      await claim(b, project.id),
      await admin.api.patch(`/api/v1/projects/${project.id}`, { description: "changed" }),
      await admin.api.put(`/api/v1/projects/${project.id}/guidelines`, { markdown: "# New" }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error.details.reason).toBe("project_archived");
    }
    // Bringing it back is the one change it takes.
    expect((await admin.api.patch(`/api/v1/projects/${project.id}`, { status: "active" })).status).toBe(200);
    expect((await a.api.put(`/api/v1/tasks/${task}/draft`, { content: "back" })).status).toBe(200);
  });

  it("deletes an empty project at once, one with responses only with its slug typed (audited)", async () => {
    const empty = await createProjectWithPrompts(admin.actor, PROMPTS, { access: "everyone" });
    expect((await admin.api.delete(`/api/v1/projects/${empty.id}`)).status).toBe(200);
    expect((await admin.api.get(`/api/v1/projects/${empty.id}`)).status).toBe(404);

    const used = await createProjectWithPrompts(admin.actor, PROMPTS, { access: "everyone" });
    const task = (await claim(a, used.id)).body.id as string;
    await a.api.post(`/api/v1/tasks/${task}/submit`, { content: "answer" });
    const refused = await admin.api.delete(`/api/v1/projects/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: "confirmation_required", responses: 1 });
    expect((await admin.api.delete(`/api/v1/projects/${used.id}?confirm=wrong`)).status).toBe(409);
    const deleted = await admin.api.delete(`/api/v1/projects/${used.id}?confirm=${used.slug}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toEqual({ prompts: 4, responses: 1 });
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "project.delete", entityId: used.id },
      select: { actorId: true, before: true },
    });
    expect(event).toEqual({
      actorId: admin.actor.id,
      before: { slug: used.slug, name: used.name, prompts: 4, responses: 1 },
    });
  });
});
