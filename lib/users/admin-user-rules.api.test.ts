import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { apiAs, callApi } from "@/lib/testing/api-client";
import { createTestUsers, type TestUser } from "@/lib/testing/factories";
import { sessionCookie, TEST_ORIGIN } from "@/lib/testing/session-cookie";
import { PASSWORD, SignInClient } from "@/lib/testing/sign-in-client";
import { createApiToken } from "@/lib/api-tokens/api-tokens";

// What an admin may do to accounts on the Users screen: reset a password (shown once, ending the
// person's sessions and tokens), and never lock themselves out.
describe("password reset by an admin", () => {
  let admin: TestUser;

  beforeAll(async () => {
    [admin] = await createTestUsers("admin");
  });

  it("answers a new password once, which signs in; the old one, the sessions and the tokens stop working", async () => {
    // Each account, reset and sign-in costs a deliberately slow password hash: as few as will do.
    const [target] = await createTestUsers("labeler");
    const spare = await createApiToken({ userId: target.actor.id, name: "laptop" });
    const cookie = await sessionCookie(target.actor.id);
    const me = (headers: Record<string, string>) => callApi("GET", "/api/v1/me", { headers });
    expect((await me({ cookie, origin: TEST_ORIGIN })).status).toBe(200);

    const res = await admin.api.post(`/api/v1/users/${target.actor.id}/password`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: target.actor.id, email: target.actor.email, active: true });
    const password = res.body.password as string;
    expect(password.length).toBeGreaterThanOrEqual(12);

    // The browser session and every token of the user end at their next request; others' do not.
    expect((await me({ cookie, origin: TEST_ORIGIN })).status).toBe(401);
    for (const secret of [target.token, spare.secret]) expect((await apiAs(secret).get("/api/v1/me")).status).toBe(401);
    expect((await admin.api.get("/api/v1/me")).status).toBe(200);

    expect((await new SignInClient().signIn(target.actor.email, PASSWORD)).status).toBe(401);
    expect((await new SignInClient().signIn(target.actor.email, password)).status).toBe(200);

    // Audited, with what it ended, never with the password.
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: target.actor.id, action: "user.password_reset" },
    });
    expect(event).toMatchObject({ actorId: admin.actor.id, after: { sessionsEnded: true, tokensRevoked: 2 } });
    expect(JSON.stringify(event)).not.toContain(password);
  }, 90_000);

  it("is refused for the admin's own account, an unknown id and anyone but an admin", async () => {
    const [reviewer] = await createTestUsers("reviewer");
    const own = await admin.api.post(`/api/v1/users/${admin.actor.id}/password`);
    expect(own.status).toBe(409);
    expect(own.body.error.message).toBe("You cannot reset your own password; ask another admin");
    expect((await admin.api.post("/api/v1/users/00000000-0000-4000-8000-000000000000/password")).status).toBe(404);
    expect((await admin.api.post("/api/v1/users/not-a-uuid/password")).status).toBe(404);
    expect((await reviewer.api.post(`/api/v1/users/${admin.actor.id}/password`)).status).toBe(403);
    expect((await admin.api.get("/api/v1/me")).status).toBe(200);
  });
});

describe("an admin cannot lock themselves out", () => {
  it("refuses self-deactivation with a clear error, and the account stays active", async () => {
    const [admin] = await createTestUsers("admin");
    const res = await admin.api.patch(`/api/v1/users/${admin.actor.id}`, { active: false });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: {
        code: "conflict",
        message: "You cannot deactivate your own account; ask another admin",
        details: { field: "active" },
      },
    });
    expect((await admin.api.get("/api/v1/me")).status).toBe(200);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: admin.actor.id }, select: { active: true } });
    expect(row.active).toBe(true);
  });

  it("refuses dropping one's own admin role, but another admin may do either", async () => {
    const [admin, other] = await createTestUsers("admin", "admin");
    const res = await admin.api.patch(`/api/v1/users/${admin.actor.id}`, { role: "reviewer" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("You cannot drop your own admin role; ask another admin");
    expect((await other.api.patch(`/api/v1/users/${admin.actor.id}`, { active: false })).status).toBe(200);
  });
});
