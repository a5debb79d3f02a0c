import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { apiAs, callApi } from "@/lib/testing/api-client";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { sessionCookie, TEST_ORIGIN } from "@/lib/testing/session-cookie";
import { createApiToken } from "@/lib/api-tokens/api-tokens";

// Whoever holds a token must lose it when the account is secured again, and a token cannot outlive itself.
describe("API token lifecycle", () => {
  let admin: TestUser, labeler: TestUser;

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
  });

  const works = async (secret: string) => (await apiAs(secret).get("/api/v1/me")).status;

  it("refuses to create a token with a token (403, the usual error shape); a signed-in browser creates them", async () => {
    const before = await prisma.apiToken.count({ where: { userId: labeler.actor.id } });
    const res = await labeler.api.post("/api/v1/tokens", { name: "child" });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: { code: "forbidden", message: "An API token cannot create tokens; sign in to create one" },
    });
    const scoped = await admin.api.post("/api/v1/tokens", { name: "child", project: "anything", scope: "export" });
    expect(scoped.status).toBe(403);
    expect(await prisma.apiToken.count({ where: { userId: labeler.actor.id } })).toBe(before);

    const cookie = await sessionCookie(labeler.actor.id);
    const created = await callApi("POST", "/api/v1/tokens", {
      json: { name: "from the browser" },
      headers: { cookie, origin: TEST_ORIGIN },
    });
    expect(created.status).toBe(201);
    expect(await works(created.body.secret)).toBe(200);
  });

  it("revokes every token of a user whose password an admin resets, including export tokens", async () => {
    const [target] = await createTestUsers("admin");
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "x" }]);
    const other = await createApiToken({ userId: target.actor.id, name: "laptop" });
    const exporter = await createApiToken({
      userId: target.actor.id,
      name: "nightly",
      projectId: project.id,
      scope: "export",
    });
    const bystander = await createApiToken({ userId: labeler.actor.id, name: "someone else's" });
    expect(await works(target.token)).toBe(200);

    const res = await admin.api.patch(`/api/v1/users/${target.actor.id}`, { password: "a brand new passphrase" });
    expect(res.status).toBe(200);
    for (const secret of [target.token, other.secret]) expect(await works(secret)).toBe(401);
    expect((await callApi("GET", `/api/v1/projects/${project.id}/export`, { token: exporter.secret })).status).toBe(
      401,
    );
    expect(await prisma.apiToken.count({ where: { userId: target.actor.id, revokedAt: null } })).toBe(0);
    expect(await works(bystander.secret)).toBe(200);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: target.actor.id, action: "user.update" },
      orderBy: { createdAt: "desc" },
    });
    expect(event.after).toMatchObject({ passwordChanged: true, tokensRevoked: 3 });
  });

  it("revokes a deactivated user's tokens for good: reactivation does not bring them back", async () => {
    const [target] = await createTestUsers("labeler");
    const spare = await createApiToken({ userId: target.actor.id, name: "spare" });
    expect((await admin.api.patch(`/api/v1/users/${target.actor.id}`, { active: false })).status).toBe(200);
    expect(await works(target.token)).toBe(401);
    expect((await admin.api.patch(`/api/v1/users/${target.actor.id}`, { active: true })).status).toBe(200);
    expect(await works(target.token)).toBe(401);
    expect(await works(spare.secret)).toBe(401);
    const fresh = await createApiToken({ userId: target.actor.id, name: "after reactivation" });
    expect(await works(fresh.secret)).toBe(200);
  });

  it("keeps tokens through a role change: a token acts with its owner's current role", async () => {
    const [target] = await createTestUsers("labeler");
    expect((await admin.api.patch(`/api/v1/users/${target.actor.id}`, { role: "reviewer" })).status).toBe(200);
    expect((await target.api.get("/api/v1/me")).body.role).toBe("reviewer");
  });
});
