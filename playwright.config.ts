import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// The server e2e/serve.sh creates the e2e database on, found once here so the specs (e2e/fixtures.ts) and the
// server agree: TEST_POSTGRES_URL, else 127.0.0.1:5432, else the embedded PostgreSQL (scripts/database.mjs).
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

const PORT = Number(process.env.E2E_PORT ?? 3210);

/**
 * E2E against the production build (`next build` runs first, in `npm test`), served by
 * e2e/serve.sh on a database of its own. Chromium comes from Debian (Playwright cannot download
 * browsers here); set PLAYWRIGHT_CHROMIUM_PATH to use another build.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 720 },
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: "bash e2e/serve.sh",
    url: `http://127.0.0.1:${PORT}/login`,
    env: { PORT: String(PORT), NEXTAUTH_URL: `http://127.0.0.1:${PORT}` },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
