import { describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { prisma } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { clientAddress } from "@/lib/auth/client-address";
import { LOGIN_LIMITS } from "@/lib/auth/login-rate-limit";
import { withLoginRateLimit } from "@/lib/auth/rate-limited-sign-in";
import { createTestUser, uniq } from "@/lib/testing/factories";

/**
 * next-auth's own route handler needs a live Next request scope (next/headers), so here it is
 * stood in for by the same decision it makes: the real `authorize` of lib/auth/options.ts, answering
 * as next-auth does (a session cookie on success, 401 `{url: …error=CredentialsSignin}` otherwise).
 * e2e/sessions.spec.ts runs the real route under `next start`.
 */
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: (c: unknown) => Promise<unknown> } }).options.authorize;
let passwordChecks = 0;
async function nextAuthStandIn(request: Request): Promise<Response> {
  passwordChecks += 1;
  const form = new URLSearchParams(await request.text());
  const user = await authorize({ email: form.get("email"), password: form.get("password") });
  if (user) return new Response(JSON.stringify({ url: "http://exemplar.test/" }), { headers: { "set-cookie": "next-auth.session-token=jwt; Path=/; HttpOnly" } });
  return Response.json({ url: "http://exemplar.test/api/auth/error?error=CredentialsSignin&provider=credentials" }, { status: 401 });
}

const signInRoute = withLoginRateLimit(nextAuthStandIn);
const PASSWORD = "correct horse battery"; // the factories' password

async function signIn(email: string, password: string, address = "203.0.113.7", route = signInRoute) {
  const request = new NextRequest("http://exemplar.test/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
    body: new URLSearchParams({ email, password, csrfToken: "x", json: "true" }).toString(),
  });
  const response = await route(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json(), cookie: response.headers.get("set-cookie") };
}

const randomAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

describe("sign-in rate limit", () => {
  // That an unknown email and a wrong password get the same answer is proven against the real
  // next-auth route in e2e/sessions.spec.ts; the stand-in here answers every failure alike by design.
  it("limits an unknown email and a wrong password alike after 5 failures", async () => {
    const user = await createTestUser("labeler");
    const unknown = `${uniq("nobody")}@example.test`;
    const wrong = await signIn(user.actor.email, "not the password", randomAddress());
    const missing = await signIn(unknown, "not the password", randomAddress());
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);

    for (let i = 1; i < LOGIN_LIMITS.account.max; i++) {
      expect((await signIn(user.actor.email, `guess ${i}`, randomAddress())).status).toBe(401);
      expect((await signIn(unknown, `guess ${i}`, randomAddress())).status).toBe(401);
    }
    // The 6th attempt from anywhere, even with the right password, waits.
    const blocked = await signIn(user.actor.email.toUpperCase(), PASSWORD, randomAddress());
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(LOGIN_LIMITS.account.windowSeconds - 60);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(LOGIN_LIMITS.account.windowSeconds);
    expect(blocked.body).toEqual({
      error: { code: "rate_limited", message: "Too many failed sign-ins. Try again in 15 minutes.", details: { retryAfter: Number(blocked.retryAfter) } },
    });
    expect(blocked.cookie).toBeNull();
    const blockedUnknown = await signIn(unknown, PASSWORD, randomAddress());
    expect(blockedUnknown.status).toBe(429);
    expect(blockedUnknown.body.error.message).toBe(blocked.body.error.message);

    // The typed email is never stored.
    const keys = (await prisma.loginRateLimit.findMany({ select: { key: true } })).map((r) => r.key).join(" ");
    expect(keys).not.toContain(user.actor.email);
    expect(keys).not.toContain(unknown);

    // Once the window has passed, the account may try again.
    await prisma.$executeRaw`UPDATE login_rate_limits SET window_started_at = now() - interval '16 minutes'`;
    const later = await signIn(user.actor.email, PASSWORD, randomAddress());
    expect(later.status).toBe(200);
    expect(later.cookie).toMatch(/^next-auth\.session-token=/);
  });

  it("clears the account's failures when the right password is given", async () => {
    const user = await createTestUser("labeler");
    for (let i = 1; i < LOGIN_LIMITS.account.max; i++) expect((await signIn(user.actor.email, "nope")).status).toBe(401);
    expect((await signIn(user.actor.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) expect((await signIn(user.actor.email, "nope")).status).toBe(401);
    expect((await signIn(user.actor.email, "nope")).status).toBe(429);
  });

  it("limits one address trying many accounts, and not its neighbours", async () => {
    // No password is right here, so the stand-in skips the 30 slow password checks.
    const wrongPasswords = withLoginRateLimit(async () => Response.json({ url: "http://exemplar.test/api/auth/error?error=CredentialsSignin" }, { status: 401 }));
    const spray = (address: string) => signIn(`${uniq("spray")}@example.test`, "Winter2026!", address, wrongPasswords);
    for (let i = 0; i < LOGIN_LIMITS.address.max; i++) expect((await spray("192.0.2.44")).status).toBe(401);
    const blocked = await spray("192.0.2.44");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(LOGIN_LIMITS.address.windowSeconds - 60);
    expect((await spray("192.0.2.45")).status).toBe(401);
  });

  it("lets at most the limit of parallel guesses reach the password check", async () => {
    const user = await createTestUser("labeler");
    passwordChecks = 0;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(user.actor.email, `parallel ${i}`, randomAddress())));
    expect(passwordChecks).toBe(LOGIN_LIMITS.account.max);
    expect(results.filter((r) => r.status === 429)).toHaveLength(20 - LOGIN_LIMITS.account.max);
  });

  it("counts in the database, so two app instances share one limit", async () => {
    vi.resetModules();
    // A second copy of the app's modules: its own connection pool and no memory shared with the first.
    const second = await import("@/lib/auth/rate-limited-sign-in");
    const secondDb = await import("@/lib/db");
    expect(secondDb.prisma).not.toBe(prisma);
    const otherInstance = second.withLoginRateLimit(nextAuthStandIn);
    const user = await createTestUser("labeler");
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) {
      const route = i % 2 === 0 ? signInRoute : otherInstance;
      expect((await signIn(user.actor.email, "nope", randomAddress(), route)).status).toBe(401);
    }
    expect((await signIn(user.actor.email, PASSWORD, randomAddress(), otherInstance)).status).toBe(429);
    expect((await signIn(user.actor.email, PASSWORD, randomAddress(), signInRoute)).status).toBe(429);
  });

  it("leaves next-auth's other requests alone", async () => {
    const csrf = await withLoginRateLimit(async () => new Response("passed"))(new NextRequest("http://exemplar.test/api/auth/csrf"), {
      params: Promise.resolve({ nextauth: ["csrf"] }),
    });
    expect(await csrf.text()).toBe("passed");
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
