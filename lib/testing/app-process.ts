import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/**
 * A production server of the built app (`node scripts/start.mjs`, which runs `next start` as its child) in a
 * process of its own, for the e2e specs that need another instance, a server they can kill, or a database of
 * their own, and for the benchmarks. One place that knows how to start it, wait for it and end it.
 */
export type AppProcess = {
  url: string;
  /** start.mjs's pid; the requests are served by its child (`serverPid`). */
  pid: number;
  /** Whether the process is still running: a fault must not crash it. */
  running: () => boolean;
  /** The last 20,000 characters it printed. */
  log: () => string;
  /** A clean stop: SIGTERM (start.mjs forwards it), SIGKILL after 10 s. */
  stop: () => Promise<void>;
  /** A crash: SIGKILL to the server and start.mjs at once, as when the machine's app dies. */
  crash: () => Promise<void>;
};

const ROOT = path.join(__dirname, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on a port of 127.0.0.1 (a quick listen and close). */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function startApp(options: {
  databaseUrl: string;
  /** A fixed port, e.g. so a page's origin survives a restart; a free one otherwise. */
  port?: number;
  /** The checkout with the build (default: this one). */
  dir?: string;
  env?: Record<string, string>;
}): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // A server left on a fixed port (an interrupted run) would answer the readiness check below in this one's
  // place, serving another build or database: refuse to start instead.
  if (options.port !== undefined && !(await portIsFree(port))) {
    throw new Error(`port ${port} is in use (a server left by an earlier run?): stop it, or set another E2E_PORT`);
  }
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: options.dir ?? ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      NEXTAUTH_URL: url,
      DATABASE_URL: options.databaseUrl,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const running = () => child.exitCode === null && child.signalCode === null;
  const exited = () => new Promise<void>((resolve) => (running() ? child.once("exit", () => resolve()) : resolve()));
  const killAll = (pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  const stop = async () => {
    if (!running()) return;
    const inner = descendants(child.pid!);
    const done = exited();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await done;
    clearTimeout(timer);
    killAll(inner); // a `next start` that outlived its parent
  };
  const crash = async () => {
    if (!running()) return;
    const done = exited();
    killAll([...descendants(child.pid!), child.pid!]);
    await done;
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running()) throw new Error(`the app on ${url} exited at start:\n${log}`);
    const status = await fetch(`${url}/api/v1/me`).then(
      (r) => r.status,
      () => 0,
    );
    // 401 (no token) means it answers and reached its auth code.
    if (status === 401) return { url, pid: child.pid!, running, log: () => log, stop, crash };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app on ${url} did not answer within 60 s (last status ${status}):\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The process that serves the requests: start.mjs's `next start` child (process title next-server). */
export function serverPid(rootPid: number): number {
  const children = descendants(rootPid);
  const named = children.find((pid) => readProc(pid, "cmdline").includes("next-server"));
  return named ?? children.at(-1) ?? rootPid;
}

function descendants(pid: number): number[] {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const parentOf = new Map(all.map((p) => [p, Number(/^\d+ \(.*\) \S (\d+)/s.exec(readProc(p, "stat"))?.[1] ?? -1)]));
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

export function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}
