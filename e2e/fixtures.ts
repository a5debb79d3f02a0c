import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { Client } from "pg";
import { startApp, type AppProcess } from "../lib/testing/app-process";
import { databaseUrl } from "../lib/testing/databases";
import { E2E_DATABASE, e2eStateFile, workerDatabaseUrl, workerPort } from "./support/servers";

type Role = "admin" | "reviewer" | "labeler";
export type E2EUser = { email: string; password: string; name: string; role: Role };

/** This worker's database (e2e/support/servers.ts), for specs that read it or start app servers of their own on it. */
export const e2eDatabaseUrl = workerDatabaseUrl;

/** The admin the global setup created for this run (e2e/global-setup.ts), in every worker's database. */
export function e2eAdmin(): E2EUser & { token: string } {
  const state = JSON.parse(readFileSync(e2eStateFile(), "utf8"));
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

/**
 * Every test runs against its worker's own production server (`e2eServer`, started once per worker on the
 * worker's database and port), which `baseURL` points at; a failed test gets the server's last output attached.
 *
 * `alone`: a spec that loads the machine (dozens of simulated labelers) or times the app against fixed bounds
 * sets `test.use({ alone: true })`, and its tests run while no other worker runs one. Each test holds a
 * PostgreSQL advisory lock in the run's own e2e database for its whole length, shared or, when alone, exclusive:
 * an exclusive request waits for the tests running elsewhere to end, and tests asking after it wait behind it.
 *
 * `dialogs` fails the test if any script runs from user text (an XSS would call alert/confirm/prompt).
 */
export const test = base.extend<
  { dialogs: string[]; serverLog: undefined; alone: boolean; machine: undefined },
  { e2eServer: AppProcess; runLock: Client }
>({
  alone: [false, { option: true }],
  runLock: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern: none.
    async ({}, use) => {
      const client = new Client({ connectionString: databaseUrl(E2E_DATABASE) });
      await client.connect();
      await use(client);
      await client.end();
    },
    { scope: "worker" },
  ],
  machine: [
    async ({ runLock, alone }, use) => {
      const mode = alone ? "" : "_shared";
      await runLock.query(`SELECT pg_advisory_lock${mode}(0)`);
      await use(undefined);
      await runLock.query(`SELECT pg_advisory_unlock${mode}(0)`);
    },
    // Waiting for the machine is not the test's time: at most the longest test running elsewhere.
    { auto: true, timeout: 300_000 },
  ],
  e2eServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern: none.
    async ({}, use) => {
      const app = await startApp({ databaseUrl: workerDatabaseUrl, port: workerPort });
      await use(app);
      await app.stop();
    },
    { scope: "worker", auto: true, timeout: 90_000 },
  ],
  baseURL: async ({ e2eServer }, use) => use(e2eServer.url),
  serverLog: [
    async ({ e2eServer }, use, testInfo) => {
      await use(undefined);
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach("server output", { body: e2eServer.log(), contentType: "text/plain" });
    },
    { auto: true },
  ],
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
