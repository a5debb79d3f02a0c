import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

type Role = "admin" | "reviewer" | "labeler";
export type E2EUser = { email: string; password: string; name: string; role: Role };

const E2E_DATABASE = process.env.E2E_DATABASE_NAME ?? "exemplar_e2e";
const POSTGRES = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The database e2e/serve.sh created for this run, for specs that start app servers of their own on it. */
export const e2eDatabaseUrl = `${POSTGRES.slice(0, POSTGRES.lastIndexOf("/"))}/${E2E_DATABASE}`;

/** The admin e2e/serve.sh created for this run. */
export function e2eAdmin(): E2EUser & { token: string } {
  const state = JSON.parse(readFileSync(path.join(__dirname, ".state", `${E2E_DATABASE}.json`), "utf8"));
  return { ...state, name: "E2E Admin", role: "admin" };
}

export function uniq(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Creates a user through the admin API: the fixtures use the same front door as everyone. */
export async function createUser(request: APIRequestContext, role: Role): Promise<E2EUser> {
  const name = uniq(role);
  const user = { email: `${name}@example.test`, password: `pw-${randomBytes(8).toString("hex")}`, name, role };
  const res = await request.post("/api/v1/users", {
    headers: { authorization: `Bearer ${e2eAdmin().token}` },
    data: user,
  });
  expect(res.status(), await res.text()).toBe(201);
  return user;
}

/** Signs in without the UI (next-auth's credentials callback), for tests not about signing in. */
export async function signIn(page: Page, user: Pick<E2EUser, "email" | "password">) {
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(res.ok()).toBe(true);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes("next-auth.session-token"))).toBe(true);
}

const SHOTS = path.join(__dirname, "..", "test-results", "screenshots");

/** Every screen the e2e visits is saved, so a person can look at them after a run. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Fails the test if any script runs from user text (an XSS would call alert/confirm/prompt). */
export const test = base.extend<{ dialogs: string[] }>({
  dialogs: async ({ page }, use) => {
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    await use(dialogs);
  },
});

export { expect };
