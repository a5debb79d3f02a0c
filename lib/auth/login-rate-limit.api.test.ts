import { ORIGIN, PASSWORD, SignInClient, randomAddress, type Answer } from "@/lib/testing/sign-in-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { clientAddress } from "@/lib/auth/client-address";
import { LOGIN_LIMITS, accountKey, pairKey } from "@/lib/auth/login-rate-limit";
import { createTestUser, uniq } from "@/lib/testing/factories";

/**
 * Every sign-in here goes through next-auth's real route handler (app/api/auth/[...nextauth]/route.ts)
 * as a browser does: a CSRF token first, then a form post to the credentials callback. Nothing of
 * next-auth is stood in for, so what next-auth reads from a request is what the limit sees.
 */
const saved = { url: process.env.NEXTAUTH_URL, secret: process.env.NEXTAUTH_SECRET };
beforeAll(() => {
  process.env.NEXTAUTH_URL = ORIGIN;
  process.env.NEXTAUTH_SECRET = "a test secret that is long enough to sign sessions";
});
afterAll(() => {
  process.env.NEXTAUTH_URL = saved.url;
  process.env.NEXTAUTH_SECRET = saved.secret;
});

const FREE = LOGIN_LIMITS.pair.freeFailures;

function expectLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.sessionCookie).toBeNull();
  const retryAfter = Number(answer.retryAfter);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(answer.body).toEqual({
    error: {
      code: "rate_limited",
      message: expect.stringMatching(/^Too many failed sign-ins\. Try again in \d+ (second|minute)s?\.$/),
      details: { retryAfter },
    },
  });
  return retryAfter;
}

describe("sign-in limits, through next-auth's route", () => {
  it("lets one address guess one account a few times, then makes it wait longer after each failure", async () => {
    const user = await createTestUser("labeler");
    const client = new SignInClient();
    const key = pairKey(user.actor.email, client.address);
    // The wait as if it had passed, without sleeping through it.
    const waitOut = (seconds: number) =>
      prisma.$executeRaw`UPDATE login_rate_limits SET window_started_at = window_started_at - make_interval(secs => ${seconds}) WHERE key = ${key}`;
    for (let i = 0; i < FREE; i++) expect((await client.signIn(user.actor.email, `guess ${i}`)).status).toBe(401);
    // Past the free failures even the right password waits, and says how long.
    const first = expectLimited(await client.signIn(user.actor.email, PASSWORD));
    expect(first).toBeGreaterThan(LOGIN_LIMITS.pair.firstDelaySeconds - 2);
    expect(first).toBeLessThanOrEqual(LOGIN_LIMITS.pair.firstDelaySeconds);
    // Asking again does not make the wait longer.
    expect(expectLimited(await client.signIn(user.actor.email, PASSWORD))).toBeLessThanOrEqual(first);
    await waitOut(first);
    expect((await client.signIn(user.actor.email, "one more guess")).status).toBe(401);
    // The wait doubles with each failure.
    const second = expectLimited(await client.signIn(user.actor.email, PASSWORD));
    expect(second).toBeGreaterThan(2 * LOGIN_LIMITS.pair.firstDelaySeconds - 2);
    expect(second).toBeLessThanOrEqual(2 * LOGIN_LIMITS.pair.firstDelaySeconds);
    await waitOut(second);
    const signedIn = await client.signIn(user.actor.email.toUpperCase(), PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(signedIn.sessionCookie).toMatch(/^next-auth\.session-token=/);
    // A success starts the count again.
    for (let i = 0; i < FREE; i++) expect((await client.signIn(user.actor.email, `guess ${i}`)).status).toBe(401);
    expectLimited(await client.signIn(user.actor.email, "nope"));
  });

  it("does not lock the owner out because someone else guessed their password", async () => {
    const user = await createTestUser("labeler");
    const attacker = new SignInClient();
    // Six wrong guesses, as many as it took to lock any account for 15 minutes.
    for (let i = 0; i < 6; i++)
      expect([401, 429]).toContain((await attacker.signIn(user.actor.email, `guess ${i}`)).status);
    expectLimited(await attacker.signIn(user.actor.email, PASSWORD));
    const owner = await new SignInClient().signIn(user.actor.email, PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.sessionCookie).toMatch(/^next-auth\.session-token=/);
  });

  it("bounds guessing one account from many addresses by a per-account ceiling", async () => {
    const user = await createTestUser("labeler");
    expect((await new SignInClient().signIn(user.actor.email, "guess")).status).toBe(401);
    // As if the ceiling's worth of failures had come from as many addresses.
    await prisma.$executeRaw`UPDATE login_rate_limits SET failures = ${LOGIN_LIMITS.account.max} WHERE key = ${accountKey(user.actor.email)}`;
    const blocked = await new SignInClient().signIn(user.actor.email, PASSWORD);
    expect(expectLimited(blocked)).toBeGreaterThan(LOGIN_LIMITS.account.windowSeconds - 60);
    // The typed email is never stored.
    const keys = (await prisma.loginRateLimit.findMany({ select: { key: true } })).map((r) => r.key).join(" ");
    expect(keys).not.toContain(user.actor.email);
    // Once the window has passed, the account may try again.
    await prisma.$executeRaw`UPDATE login_rate_limits SET window_started_at = now() - interval '2 hours' WHERE key = ${accountKey(user.actor.email)}`;
    expect((await new SignInClient().signIn(user.actor.email, PASSWORD)).status).toBe(200);
  });

  it("answers an unknown email as a wrong password, before and after the limit", async () => {
    const user = await createTestUser("labeler");
    const unknown = `${uniq("nobody")}@example.test`;
    const client = new SignInClient();
    for (let i = 0; i <= FREE; i++) {
      const wrong = await client.signIn(user.actor.email, `guess ${i}`);
      const missing = await client.signIn(unknown, `guess ${i}`);
      expect(missing.status).toBe(wrong.status);
      // Byte for byte but for the seconds to wait, which tick on between the two.
      expect(missing.text.replace(/\d+/g, "N")).toBe(wrong.text.replace(/\d+/g, "N"));
    }
  });

  it("lets only the free failures of parallel guesses reach the password check", async () => {
    const user = await createTestUser("labeler");
    const client = new SignInClient();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.signIn(user.actor.email, `parallel ${i}`)),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(FREE);
    expect(results.filter((r) => r.status === 429)).toHaveLength(12 - FREE);
  });

  it("limits one address trying many accounts, and not its neighbours", async () => {
    // Already counted as the limit's worth of sign-ins to other accounts (each a slow password check).
    await prisma.loginRateLimit.upsert({
      where: { key: "address:192.0.2.44" },
      create: { key: "address:192.0.2.44", failures: LOGIN_LIMITS.address.max - 1 },
      update: { failures: LOGIN_LIMITS.address.max - 1, windowStartedAt: new Date() },
    });
    const spray = (address: string) => new SignInClient(address).signIn(`${uniq("spray")}@example.test`, "Winter2026!");
    expect((await spray("192.0.2.44")).status).toBe(401);
    expect(expectLimited(await spray("192.0.2.44"))).toBeGreaterThan(LOGIN_LIMITS.address.windowSeconds - 60);
    expect((await spray("192.0.2.45")).status).toBe(401);
  });

  it("counts in the database, so two app instances share one limit", async () => {
    vi.resetModules();
    // A second copy of the app's modules: its own connection pool and no memory shared with the first.
    const second = await import("@/app/api/auth/[...nextauth]/route");
    const secondDb = await import("@/lib/db");
    expect(secondDb.prisma).not.toBe(prisma);
    const user = await createTestUser("labeler");
    const address = randomAddress();
    const instances = [new SignInClient(address), new SignInClient(address, second)];
    for (let i = 0; i < FREE; i++) expect((await instances[i % 2]!.signIn(user.actor.email, "nope")).status).toBe(401);
    expectLimited(await instances[0]!.signIn(user.actor.email, PASSWORD));
    expectLimited(await instances[1]!.signIn(user.actor.email, PASSWORD));
  });
});

describe("no request shape gets around the limit", () => {
  it("counts guesses posted to a longer callback path, which next-auth also answers", async () => {
    const user = await createTestUser("labeler");
    const client = new SignInClient();
    const results: number[] = [];
    for (let i = 0; i < 12; i++)
      results.push((await client.signIn(user.actor.email, `guess ${i}`, "/api/auth/callback/credentials/x")).status);
    expect(results).toEqual([...Array(FREE).fill(401), ...Array(12 - FREE).fill(429)]);
    expectLimited(await client.signIn(user.actor.email, PASSWORD, "/api/auth/callback/credentials/x"));
    expectLimited(await client.signIn(user.actor.email, PASSWORD));
  });

  it("refuses a form with a repeated field, so the limit and the password check read the same email", async () => {
    const user = await createTestUser("labeler");
    const client = new SignInClient();
    const repeated = (password: string) =>
      client.post([
        ["email", ""],
        ["email", user.actor.email],
        ["password", password],
      ]);
    for (let i = 0; i < 12; i++) {
      const answer = await repeated(`guess ${i}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: { code: "validation_error", message: "The form repeats the field “email”", details: { field: "email" } },
      });
    }
    const withPassword = await repeated(PASSWORD);
    expect(withPassword.status).toBe(400);
    expect(withPassword.sessionCookie).toBeNull();
    // The account was never guessed at, so its owner signs in from the same address.
    expect((await client.signIn(user.actor.email, PASSWORD)).status).toBe(200);
  });
});

describe("the client address", () => {
  const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

  it("is what next start wrote from the socket when nothing stands in front", () => {
    expect(clientAddress(headers("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddress(headers("2001:DB8::1"), 0)).toBe("2001:db8::1");
    expect(clientAddress(headers(), 0)).toBe("unknown");
  });

  it("behind n trusted proxies, is the n-th entry from the right; the client's own entries are ignored", () => {
    expect(clientAddress(headers("6.6.6.6, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(headers("6.6.6.6, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    expect(clientAddress(headers("not-an-ip"), 1)).toBe("invalid:not-an-ip");
  });
});
