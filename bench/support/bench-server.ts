import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * The production server the benchmarks talk to: `node scripts/start.mjs` in BENCH_APP_DIR (default: this
 * checkout), which needs a build there. The benchmark never builds: building takes minutes and would change
 * the checkout's .next under anyone else using it.
 */
export function appDir(): string {
  return path.resolve(process.env.BENCH_APP_DIR ?? process.cwd());
}

export function assertBuilt(dir: string): void {
  if (existsSync(path.join(dir, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) return;
  console.error(
    [
      `No production build in ${dir} (.next/BUILD_ID is missing).`,
      "Build it first, then run the benchmark again:",
      `  cd ${dir} && npm run build`,
      "or point BENCH_APP_DIR at a directory with a build, e.g. a private copy of the checkout:",
      "  rsync -a --exclude node_modules --exclude .next ./ /tmp/bench-app/ && ln -s \"$PWD/node_modules\" /tmp/bench-app/",
      "  (cd /tmp/bench-app && npx next build) && BENCH_APP_DIR=/tmp/bench-app npm run bench:export",
    ].join("\n"),
  );
  process.exit(2);
}

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

export type BenchServer = { url: string; pid: number; stop: () => Promise<void> };

/** Starts the server on a free port against `databaseUrl` and waits until it answers. */
export async function startServer(dir: string, databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<BenchServer> {
  assertBuilt(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      // Set here so start.mjs does not write a secret file into the app directory.
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: url,
      // e.g. "--max-old-space-size=128", to see what a smaller heap does to RSS and speed.
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const stop = () => stopProcess(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log}`);
    const up = await fetch(`${url}/api/v1/me`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = serverPid(child.pid!);
  return { url, pid, stop };
}

/** start.mjs runs `next start` as its child; the request handling happens there (process title next-server). */
function serverPid(rootPid: number): number {
  const children = descendants(rootPid);
  const named = children.find((pid) => readProc(pid, "cmdline").includes("next-server"));
  return named ?? children.at(-1) ?? rootPid;
}

function descendants(pid: number): number[] {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  const parentOf = new Map(all.map((p) => [p, Number(/^\d+ \(.*\) \S (\d+)/s.exec(readProc(p, "stat"))?.[1] ?? -1)]));
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) if (ppid === parent) out.push(child), walk(child);
  };
  walk(pid);
  return out;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}

/** Kills the process we started (and its child through start.mjs's signal forwarding), then waits. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const inner = descendants(child.pid!);
  child.kill("SIGTERM");
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000));
  if ((await Promise.race([exited, timeout])) === "timeout") child.kill("SIGKILL");
  for (const pid of inner) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Memory of a process from /proc: the current resident set and its high-water mark, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readProc(pid, "status");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** Samples a process's RSS every `everyMs` while something runs; the peak is what a container limit would see. */
export function sampleMemory(pid: number, everyMs = 100) {
  let peak = memoryOf(pid).rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rss);
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      const { rss, hwm } = memoryOf(pid);
      return { peakRss: Math.max(peak, rss), hwm };
    },
  };
}
