import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { FullConfig } from "@playwright/test";
import { copyDatabase, recreateDatabase } from "../lib/testing/databases";
import { E2E_ADMIN_EMAIL, E2E_DATABASE, e2eStateFile, workerDatabaseName } from "./support/servers";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");

/**
 * Once per run, before any worker: the e2e database, migrated, with an admin and an API token made through the
 * CLI (the commands an operator runs), then one copy of it per worker. Each worker serves the build on its own
 * copy (e2e/fixtures.ts), so specs in different workers never see each other's data, and all of them sign in
 * as the same admin. Copying a template is a file copy on the server, far quicker than migrating each.
 */
export default async function globalSetup(config: FullConfig) {
  const url = await recreateDatabase(E2E_DATABASE);
  const cli = async (args: string[], env: Record<string, string> = {}) =>
    (
      await run("npm", ["run", "-s", "exemplar", "--", ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, ...env },
      })
    ).stdout;
  await cli(["migrate"]);
  const password = `e2e-${randomBytes(12).toString("hex")}`;
  await cli(["user:create", "--email", E2E_ADMIN_EMAIL, "--name", "E2E Admin", "--role", "admin"], {
    EXEMPLAR_PASSWORD: password,
  });
  const token = (await cli(["token:create", "--email", E2E_ADMIN_EMAIL, "--name", "e2e"])).trim().split("\n").at(-1);
  mkdirSync(path.dirname(e2eStateFile()), { recursive: true });
  writeFileSync(e2eStateFile(), `${JSON.stringify({ email: E2E_ADMIN_EMAIL, password, token })}\n`);
  for (let index = 0; index < config.workers; index++) await copyDatabase(E2E_DATABASE, workerDatabaseName(index));
}
