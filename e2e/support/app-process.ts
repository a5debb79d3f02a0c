import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/**
 * Another `next start` of the production build (the one Playwright's webServer serves, in NEXT_DIST_DIR),
 * for tests that need more than one app instance or an app on a database of their own.
 */
export type AppProcess = {
  url: string;
  /** Whether the process is still running: a fault must not crash it. */
  running: () => boolean;
  log: () => string;
  stop: () => Promise<void>;
};

const ROOT = path.join(__dirname, "..", "..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(options: { databaseUrl: string; env?: Record<string, string> }): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), NEXTAUTH_URL: url, DATABASE_URL: options.databaseUrl, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!running()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // start.mjs forwards SIGTERM to `next start` and exits with it.
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running()) throw new Error(`the app on ${url} exited at start:\n${log}`);
    const status = await fetch(`${url}/api/v1/me`).then((r) => r.status, () => 0);
    // 401 (no token) means it answers and reached its auth code.
    if (status === 401) return { url, running, log: () => log, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app on ${url} did not answer within 60 s (last status ${status}):\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
