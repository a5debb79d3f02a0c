import { ORIGIN, PASSWORD, SignInClient } from "@/lib/testing/sign-in-client";
import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { createTestUser } from "@/lib/testing/factories";

/** Sign-in through next-auth's real route handler (lib/testing/sign-in-client.ts). */
const SECRET = "a test secret that is long enough to sign sessions";
const saved = { url: process.env.NEXTAUTH_URL, secret: process.env.NEXTAUTH_SECRET };
beforeAll(() => {
  process.env.NEXTAUTH_URL = ORIGIN;
  process.env.NEXTAUTH_SECRET = SECRET;
});
afterEach(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
});
afterAll(() => {
  process.env.NEXTAUTH_URL = saved.url;
  process.env.NEXTAUTH_SECRET = saved.secret;
});

describe("where a sign-in sends the browser", () => {
  it("to a page of this origin only, however the callback URL is spelled", async () => {
    const user = await createTestUser("labeler");
    const cases: Array<[string, string]> = [
      ["/projects?x=1#top", `${ORIGIN}/projects?x=1#top`],
      [`${ORIGIN}/tokens`, `${ORIGIN}/tokens`],
      ["https://evil.example/", `${ORIGIN}/`],
      ["//evil.example/", `${ORIGIN}/`],
      ["/\\evil.example", `${ORIGIN}/`],
      ["/\t/evil.example", `${ORIGIN}/`],
      ["http://exemplar.test@evil.example/", `${ORIGIN}/`],
      ["javascript:alert(1)", `${ORIGIN}/`],
    ];
    for (const [callbackUrl, expected] of cases) {
      const answer = await new SignInClient().post([
        ["email", user.actor.email],
        ["password", PASSWORD],
        ["callbackUrl", callbackUrl],
      ]);
      expect(answer.status, callbackUrl).toBe(200);
      expect((answer.body as { url: string }).url, callbackUrl).toBe(expected);
    }
  });
});

describe("telling the owner about failed sign-ins", () => {
  it("says how many wrong passwords were tried on the account since its last sign-in", async () => {
    const user = await createTestUser("labeler");
    const attacker = new SignInClient();
    for (let i = 0; i < 3; i++) expect((await attacker.signIn(user.actor.email, `guess ${i}`)).status).toBe(401);
    const owner = new SignInClient();
    const first = await owner.signIn(user.actor.email, PASSWORD);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ url: `${ORIGIN}/`, failedSignIns: 3 });
    // Told once: the next sign-in starts from zero.
    expect((await owner.signIn(user.actor.email, PASSWORD)).body).toEqual({ url: `${ORIGIN}/`, failedSignIns: 0 });
  });
});

describe("password hashing", () => {
  it("uses scrypt with N=2^17, r=8, p=1 and knows older hashes for what they are", async () => {
    const hash = await hashPassword("pässword");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("pässword", hash)).toBe(true);
    expect(await verifyPassword("password", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(hash.replace("$131072$", "$32768$"))).toBe(true);
  });

  it("rehashes a password stored with older scrypt parameters at the next sign-in", async () => {
    const user = await createTestUser("labeler");
    const salt = randomBytes(16);
    const old = [
      "scrypt",
      1 << 15,
      8,
      1,
      salt.toString("base64url"),
      scryptSync(PASSWORD, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 }).toString("base64url"),
    ].join("$");
    await prisma.user.update({ where: { id: user.actor.id }, data: { passwordHash: old } });

    expect((await new SignInClient().signIn(user.actor.email, "wrong")).status).toBe(401);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.actor.id } })).passwordHash).toBe(old);

    expect((await new SignInClient().signIn(user.actor.email, PASSWORD)).status).toBe(200);
    const { passwordHash, sessionVersion } = await prisma.user.findUniqueOrThrow({ where: { id: user.actor.id } });
    expect(passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    // Not a password change: the user's sessions stay valid.
    expect(sessionVersion).toBe(1);
    expect((await new SignInClient().signIn(user.actor.email, PASSWORD)).status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.actor.id } })).passwordHash).toBe(passwordHash);
  });
});

describe("the session secret", () => {
  const csrf = () => new SignInClient().request("GET", "/api/auth/csrf");

  it("signs nothing without NEXTAUTH_SECRET, in development too (no derived default)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    delete process.env.NEXTAUTH_SECRET;
    const answer = await csrf();
    expect(answer.status).toBe(500);
    expect(answer.text).not.toContain("csrfToken");
    vi.mocked(console.error).mockRestore();
  });

  it("signs nothing with a NEXTAUTH_SECRET shorter than 32 characters", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    process.env.NEXTAUTH_SECRET = "too short";
    expect((await csrf()).status).toBe(500);
    vi.mocked(console.error).mockRestore();
    process.env.NEXTAUTH_SECRET = SECRET;
    expect((await csrf()).status).toBe(200);
  });
});
