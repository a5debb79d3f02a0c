import { existsSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { readProc, serverPid, startApp } from "@/lib/testing/app-process";

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
      '  rsync -a --exclude node_modules --exclude .next ./ /tmp/bench-app/ && ln -s "$PWD/node_modules" /tmp/bench-app/',
      "  (cd /tmp/bench-app && npx next build) && BENCH_APP_DIR=/tmp/bench-app npm run bench:export",
    ].join("\n"),
  );
  process.exit(2);
}

export type BenchServer = { url: string; pid: number; stop: () => Promise<void> };

/**
 * Starts the server on a free port against `databaseUrl` and waits until it answers. A `NODE_OPTIONS` in
 * `extraEnv` is added after BENCH_SERVER_NODE_OPTIONS, not instead of it.
 */
export async function startServer(
  dir: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<BenchServer> {
  assertBuilt(dir);
  // e.g. "--max-old-space-size=128", to see what a smaller heap does to RSS and speed.
  const nodeOptions = [process.env.BENCH_SERVER_NODE_OPTIONS, extraEnv.NODE_OPTIONS].filter(Boolean).join(" ");
  const app = await startApp({
    dir,
    databaseUrl,
    env: {
      // Set here so start.mjs does not write a secret file into the app directory.
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      ...extraEnv,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
  });
  return { url: app.url, pid: serverPid(app.pid), stop: app.stop };
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
