/**
 * `npm run bench:gc`: where the app server's full garbage collections come from. Under bench:capacity's load
 * each server runs a full collection every 10–12 s; this measures, with one client and one request at a time (so
 * nothing is promoted for being in flight when a young collection runs), what of each request reaches V8's old
 * generation, and who allocated it.
 *
 * One production server with bench/support/gc-probe.cjs loaded: a labeler claims a task and autosaves it
 * BENCH_REQUESTS times (default 3,000) with the session cookie and Origin, as the writing screen does, after
 * BENCH_WARMUP (default 300). Over the measured requests it prints:
 * - the young and full collections, what the young ones promoted (the old generation's growth across each), per
 *   request and per collection, and the old generation's size when each full collection started and ended;
 * - V8's sampling heap profile of the objects that did not die young (promoted and later freed by a full
 *   collection, made in the old generation, or still alive at the end), grouped by who allocated them: Node.js's
 *   AbortSignals, its async-context bindings, its web streams, its undici, Next.js, Prisma, the app's bundle;
 * - and, in a plain Node.js process with nothing else loaded (bench/support/promoted-objects.cjs), how many bytes
 *   per object reach the old generation for objects made and dropped one after another: a plain object, an
 *   EventTarget, an AbortSignal, an EventTarget and a plain object each given a prototype with
 *   `Object.setPrototypeOf` and then properties.
 * docs/performance.md ("Capacity") has the figures.
 *
 * Env: BENCH_REQUESTS, BENCH_WARMUP, BENCH_APP_DIR (and NEXT_DIST_DIR), BENCH_DATABASE (default
 * exemplar_bench_gc, recreated each run), BENCH_POSTGRES_URL, BENCH_SERVER_NODE_OPTIONS.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { appDir, startServer } from "./support/bench-server";
import {
  benchDatabaseUrl,
  benchSessionCookie,
  connect,
  createBenchProject,
  createBenchUsers,
  insertBenchPrompts,
  recreateBenchDatabase,
} from "./support/bench-database";
import { browserAuth, Draft, send } from "./support/load-client";
import { fixed, machine } from "./support/report";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);

type ProfileNode = {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children?: ProfileNode[];
};
/** What bench/support/gc-probe.cjs writes (bench/support/gc-summary.cjs's summary). */
type ProbeOutput = {
  ms: number;
  gc: { promoted: number[]; fullStartedAt: number[]; fullLeft: number[] };
  profile: { head: ProfileNode } | null;
  error: string | null;
};

/**
 * Who allocated an object, from the function that did (the profile's node) and, for V8's own functions, the
 * caller that is code: the groups the figures are given in.
 */
function allocator(stack: ProfileNode[]): string {
  const code = [...stack].reverse().find((n) => n.callFrame.url !== "");
  const url = code?.callFrame.url ?? "";
  if (url.includes("node:internal/abort_controller")) return "Node.js: AbortSignal";
  if (/node:internal\/(async_hooks|async_local_storage|async_context_frame)|node:async_hooks/.test(url))
    return "Node.js: async context (async_hooks, AsyncLocalStorage)";
  if (/node:internal\/(webstreams|worker\/js_transferable)/.test(url)) return "Node.js: web streams";
  if (url.includes("node:internal/event_target")) return "Node.js: EventTarget";
  if (url.includes("node:internal/deps/undici")) return "Node.js: undici (its fetch: Request, Headers, Response)";
  if (url.startsWith("node:")) return `Node.js: other (${url.replace(/^node:(internal\/)?/, "")})`;
  if (url.includes("/node_modules/next/")) return "Next.js";
  if (url.includes("@prisma/") || url.includes("/.prisma/") || url.includes("prisma_client")) return "Prisma";
  if (url.includes("/node_modules/pg")) return "pg (the PostgreSQL driver)";
  if (url.includes("/node_modules/")) return `other package (${url.split("/node_modules/").at(-1)?.split("/")[0]})`;
  // Our code, and the libraries Next.js bundles with it (zod among them).
  if (url.includes("/server/chunks/") || url.includes("/server/app/")) return "the app's server bundle";
  return url === "" ? "V8 itself (no caller in code)" : `other (${path.basename(url)})`;
}

function profileGroups(head: ProfileNode): Map<string, number> {
  const groups = new Map<string, number>();
  const walk = (node: ProfileNode, stack: ProfileNode[]) => {
    const here = [...stack, node];
    if (node.selfSize > 0) {
      const group = allocator(here);
      groups.set(group, (groups.get(group) ?? 0) + node.selfSize);
    }
    for (const child of node.children ?? []) walk(child, here);
  };
  walk(head, []);
  return groups;
}

const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024)} MB`;
const kb = (bytes: number) => `${fixed(bytes / 1024)} kB`;

async function main() {
  const dir = appDir();
  const url = await benchDatabaseUrl("exemplar_bench_gc");
  await recreateBenchDatabase(url);
  const db = await connect(url);
  const secret = randomBytes(32).toString("base64url");
  const probeDir = mkdtempSync(path.join(tmpdir(), "exemplar-gc-probe-"));
  const probe = path.join(__dirname, "support", "gc-probe.cjs");
  let stop: (() => Promise<void>) | null = null;
  try {
    console.log(await machine(db));
    const { projectId } = await createBenchProject(db, "gc-1");
    await insertBenchPrompts(db, projectId, 10);
    const [labeler] = await createBenchUsers(db, 1, "gc-l1", "labeler");
    const server = await startServer(dir, url, {
      NEXTAUTH_SECRET: secret,
      BENCH_GC_DIR: probeDir,
      NODE_OPTIONS: `--require "${probe}"`,
    });
    stop = server.stop;
    const auth = browserAuth(await benchSessionCookie(labeler!, "labeler", secret), server.url);
    const claimed = await send("POST", `${server.url}/api/v1/projects/${projectId}/tasks/next`, auth);
    if (claimed.status !== 200) throw new Error(`claim: ${claimed.status} ${claimed.body.slice(0, 200)}`);
    const draft = new Draft(server.url, (JSON.parse(claimed.body) as { id: string }).id);
    const save = () => draft.save(auth);
    for (let i = 0; i < WARMUP; i++) await save();

    const file = (ending: string) => path.join(probeDir, `${server.pid}.${ending}`);
    process.kill(server.pid, "SIGUSR2");
    await waitFor(file("started"));
    for (let i = 0; i < REQUESTS; i++) await save();
    process.kill(server.pid, "SIGUSR2");
    await waitFor(file("json"));
    const measured = JSON.parse(readFileSync(file("json"), "utf8")) as ProbeOutput;
    if (!measured.profile) throw new Error(`the heap profile is missing: ${measured.error}`);
    const { promoted, fullStartedAt, fullLeft } = measured.gc;
    if (promoted.length === 0) throw new Error("no young collection ran while measuring: raise BENCH_REQUESTS");

    const promotedTotal = promoted.reduce((a, b) => a + b, 0);
    const range = (values: number[], unit: (n: number) => string) =>
      `${unit(Math.min(...values))}–${unit(Math.max(...values))}`;
    console.log(
      `\n${REQUESTS} autosaves one at a time (session cookie) after ${WARMUP} warm-up, ${fixed(measured.ms / 1000)} s`,
    );
    console.log(
      `young collections: ${promoted.length} (one per ${fixed(REQUESTS / promoted.length)} requests); ` +
        `each promoted ${range(promoted, kb)} (${kb(promotedTotal / promoted.length)} on average), ` +
        `${kb(promotedTotal / REQUESTS)} per request`,
    );
    console.log(
      `full collections: ${fullStartedAt.length}` +
        (fullStartedAt.length
          ? `, starting at an old generation of ${range(fullStartedAt, mb)} and leaving ${range(fullLeft, mb)}`
          : ""),
    );

    const groups = profileGroups(measured.profile.head);
    const total = [...groups.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\nobjects that did not die young (promoted, made in the old generation, or still alive at the end), ` +
        `by who allocated them (${mb(total)} sampled):`,
    );
    const ranked = [...groups].sort((a, b) => b[1] - a[1]);
    // The largest groups, and Prisma wherever it ranks (or that it has none).
    const shown = ranked.filter(([group], i) => i < 14 || group === "Prisma");
    if (!groups.has("Prisma")) shown.push(["Prisma", 0]);
    for (const [group, bytes] of shown) console.log(`  ${fixed((100 * bytes) / total).padStart(5)} %  ${group}`);

    const plain = execFileSync(
      process.execPath,
      // The young generation the app server has (scripts/runtime-env.mjs).
      ["--expose-gc", "--max-semi-space-size=8", path.join(__dirname, "support", "promoted-objects.cjs")],
      {
        encoding: "utf8",
      },
    );
    const objects = JSON.parse(plain) as {
      node: string;
      objects: number;
      kinds: Record<string, { bytesPerObject: number; youngCollections: number; fullCollectionsDuring: number }>;
    };
    console.log(
      `\nin a plain Node.js ${objects.node} process, ${objects.objects} objects made and dropped, what young ` +
        "collections moved to the old generation per object:",
    );
    for (const [kind, r] of Object.entries(objects.kinds))
      console.log(
        `  ${String(r.bytesPerObject).padStart(6)} B  ${kind} ` +
          `(${r.youngCollections} young collections, ${r.fullCollectionsDuring} full ones)`,
      );
    console.log(`\nload average at end: ${loadavg().map(fixed).join(" ")}`);
  } finally {
    await stop?.();
    await db.end();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

/** Waits for a file the server's probe writes (it writes each whole, by renaming). */
async function waitFor(file: string): Promise<void> {
  for (let waited = 0; !existsSync(file); waited += 100) {
    if (waited > 30_000) throw new Error(`the server's probe did not write ${path.basename(file)} within 30 s`);
    await sleep(100);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
