import type { Browser } from "@playwright/test";
import { createUser, e2eAdmin, expect, signIn, test, uniq, type E2EUser } from "./fixtures";

// Sessions end when an admin changes what they were granted on (docs/security-authz.md; deactivation
// is in admin.spec.ts), and sign-in is rate limited on the real next-auth route under `next start`.
// Every request here comes from 127.0.0.1, so every spec a worker runs shares one per-address budget (30
// failures in 15 minutes, counted in the worker's database): this file spends 7 of them; keep other specs' failures few.

const asAdmin = () => ({ headers: { authorization: `Bearer ${e2eAdmin().token}` } });

async function signedInPage(browser: Browser, user: Pick<E2EUser, "email" | "password">) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);
  return { context, page };
}

for (const [change, patch] of [
  ["a role change", { role: "reviewer" }],
  ["a password change", { password: "a brand new password" }],
] as const) {
  test(`${change} ends the user's browser session at the next request`, async ({ browser, request }) => {
    const user = await createUser(request, "labeler");
    const { context, page } = await signedInPage(browser, user);
    const res = await request.patch(`/api/v1/users/${(await (await page.request.get("/api/v1/me")).json()).id}`, {
      ...asAdmin(),
      data: patch,
    });
    expect(res.status()).toBe(200);

    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);

    // Signing in again works, with the new role or only with the new password.
    const password = "password" in patch ? patch.password : user.password;
    const fresh = await signedInPage(browser, { email: user.email, password });
    expect((await (await fresh.page.request.get("/api/v1/me")).json()).role).toBe(
      "role" in patch ? patch.role : "labeler",
    );
    await Promise.all([context.close(), fresh.context.close()]);
  });
}

test("the login form says how long to wait after four failed sign-ins, whatever the password", async ({
  page,
  request,
}) => {
  const user = await createUser(request, "labeler");
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  for (let i = 0; i < 4; i++) {
    await page.getByLabel("Password").fill(`wrong ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("The email or password is not right.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  // Four failures from one address are free; then each attempt waits (5 s, 10 s, …: lib/auth/login-rate-limit.ts).
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/^Too many failed sign-ins\. Try again in [1-5] seconds?\.$/)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  // The same through next-auth's callback directly: 429, Retry-After, the one error shape.
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(await res.json()).toMatchObject({
    error: { code: "rate_limited", message: expect.stringMatching(/^Too many failed sign-ins\. Try again in/) },
  });
  // Once the wait is over, the right password signs in, and the owner hears of the four failures.
  await page.waitForTimeout(Number(res.headers()["retry-after"]) * 1000 + 200);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/^4 failed sign-in attempts since your last sign-in\./)).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).not.toHaveURL(/\/login/);
});

test("an unknown email gets the same answers as a wrong password", async ({ page }) => {
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const attempt = (email: string) =>
    page.request.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, email, password: "guess", json: "true" },
    });
  const known = await attempt(e2eAdmin().email.toUpperCase()); // one failure on the e2e admin: far below its limit
  const unknown = await attempt(`${uniq("nobody")}@example.test`);
  expect(unknown.status()).toBe(known.status());
  expect(await unknown.json()).toEqual(await known.json());
  // The admin still signs in: one failure does not lock an account, and success clears it.
  await signIn(page, e2eAdmin());
});
