import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { callApi } from "@/lib/testing/api-client";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { createProjectWithPrompts, createTestUser, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { browserHeaders } from "@/lib/testing/session-cookie";

// Who a request is, is one SQL rule (lib/auth/sql/actor.ts, decision 027), for API tokens and for the browser's
// session cookie alike: credentials that stopped holding save nothing, at the very next request. The autosave,
// the most frequent write, is the request these tests make.
describe("credentials that hold, and those that stopped holding", () => {
  let admin: TestUser;

  beforeAll(async () => {
    [admin] = await createTestUsers("admin");
  });

  /** A labeler of their own (the tests change users) holding a task. */
  async function labelerWithTask(): Promise<{ labeler: TestUser; taskId: string }> {
    const labeler = await createTestUser("labeler");
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Why?" }]);
    const task = await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(task.status).toBe(200);
    return { labeler, taskId: task.body.id };
  }

  const draftOf = async (taskId: string) =>
    (await prisma.task.findUniqueOrThrow({ where: { id: taskId }, select: { draft: true } })).draft;
  const byToken = (token: string, taskId: string, content: string) =>
    callApi("PUT", `/api/v1/tasks/${taskId}/draft`, { token, json: { content } });
  const bySession = async (userId: string, taskId: string, content: string) =>
    callApi("PUT", `/api/v1/tasks/${taskId}/draft`, { json: { content }, headers: await browserHeaders(userId) });

  it("saves by API token and by session cookie, and writes the token's last use", async () => {
    const { labeler, taskId } = await labelerWithTask();
    const headers = await browserHeaders(labeler.actor.id);
    await prisma.apiToken.updateMany({ where: { userId: labeler.actor.id }, data: { lastUsedAt: null } });
    const res = await byToken(labeler.token, taskId, "by token");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ taskId, turns: ["by token"], updatedAt: expect.any(String) });
    expect(await draftOf(taskId)).toEqual({ turns: ["by token"] });
    const token = await prisma.apiToken.findFirstOrThrow({ where: { userId: labeler.actor.id } });
    expect(token.lastUsedAt).not.toBeNull();

    const viaCookie = await callApi("PUT", `/api/v1/tasks/${taskId}/draft`, {
      json: { content: "by cookie" },
      headers,
    });
    expect(viaCookie.status).toBe(200);
    expect(await draftOf(taskId)).toEqual({ turns: ["by cookie"] });
  });

  it("saves nothing for a revoked or expired token: 401, as before", async () => {
    const { labeler, taskId } = await labelerWithTask();
    expect((await byToken(labeler.token, taskId, "kept")).status).toBe(200);
    await prisma.apiToken.updateMany({ where: { userId: labeler.actor.id }, data: { revokedAt: new Date() } });
    const revoked = await byToken(labeler.token, taskId, "after revoking");
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe("unauthorized");

    const { secret } = await createApiToken({ userId: labeler.actor.id, name: "short" });
    expect((await byToken(secret, taskId, "with the new token")).status).toBe(200);
    await prisma.apiToken.updateMany({
      where: { userId: labeler.actor.id, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    expect((await byToken(secret, taskId, "after expiry")).status).toBe(401);
    expect(await draftOf(taskId)).toEqual({ turns: ["with the new token"] });
  });

  it("saves nothing for a deactivated user, by token or session, nor for a session of an older version", async () => {
    const { labeler, taskId } = await labelerWithTask();
    const oldSession = await browserHeaders(labeler.actor.id);
    await prisma.user.update({ where: { id: labeler.actor.id }, data: { sessionVersion: { increment: 1 } } });
    const stale = await callApi("PUT", `/api/v1/tasks/${taskId}/draft`, {
      json: { content: "old session" },
      headers: oldSession,
    });
    expect(stale.status).toBe(401);
    expect((await bySession(labeler.actor.id, taskId, "current session")).status).toBe(200);

    await prisma.user.update({ where: { id: labeler.actor.id }, data: { active: false } });
    expect((await byToken(labeler.token, taskId, "deactivated token")).status).toBe(401);
    expect((await bySession(labeler.actor.id, taskId, "deactivated session")).status).toBe(401);
    expect(await draftOf(taskId)).toEqual({ turns: ["current session"] });
  });

  it("refuses a project-scoped token and a cross-site write, saving nothing", async () => {
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Why?" }]);
    const held = await admin.api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(held.status).toBe(200);
    const taskId: string = held.body.id;
    const scoped = await createApiToken({
      userId: admin.actor.id,
      name: "export only",
      projectId: project.id,
      scope: "export",
    });
    const res = await byToken(scoped.secret, taskId, "by an export token");
    expect(res.status).toBe(403);
    expect(await draftOf(taskId)).toBeNull();

    const crossSite = await callApi("PUT", `/api/v1/tasks/${taskId}/draft`, {
      json: { content: "from another site" },
      headers: await browserHeaders(admin.actor.id, "https://evil.example"),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("cross_site_request");
    expect(await draftOf(taskId)).toBeNull();
  });
});
