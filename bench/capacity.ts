/**
 * `npm run bench:capacity`: how many labelers one machine serves. Simulated people work at a person's pace,
 * not in the tight loop of bench:load: each labeler opens the writing screen (`POST /api/v1/projects/{id}/
 * tasks/next`, what the screen asks on load), "types" for 60–120 s while the draft autosaves every 3–5 s
 * (`PUT /api/v1/tasks/{id}/draft`, the text growing), submits and takes the next task in one call
 * (`POST /api/v1/tasks/{id}/submit` with `"next": true`), and after about one submit in ten opens My work (the
 * `/my-work` page) and comes back to the writing screen; all with the browser's session cookie, and the writes
 * with its Origin, as the writing screen sends them. One reviewer per 20 labelers lists the review queue, opens a
 * response and decides it every 20–40 s, through the API with a token (the review screen's pages are not
 * simulated; reviewers are one person in 21). Labelers arrive open-loop (Poisson, ramping to the step's number)
 * and every request is fired at its scheduled time: a latency is measured from that time, so waiting behind a
 * slow server counts.
 *
 * At each step (BENCH_STEPS labelers; those of the previous step keep working) it waits for the arrivals and a
 * warm-up, then measures a window: per request type the count, p50/p95/p99 and errors; the CPU of the app
 * servers, of PostgreSQL and of this process (the load generator, on the same machine) per labeler-minute; the
 * load average. It stops at the first step where some type's p99 passes 100 ms or a request fails, and prints
 * the largest step that passed. docs/performance.md ("Capacity") has the method and figures, docs/scaling.md
 * what they mean per core.
 *
 * Env: BENCH_STEPS (labelers per step, default 250,500,1000,1500,2000,2500,3000,4000), BENCH_LABELERS (one fixed
 * number instead: no search), BENCH_WINDOW_S (measured seconds per step, default 120), BENCH_WARMUP_S (seconds
 * between the last arrival and the window, default 30 × scale, at least 10), BENCH_TIME_SCALE (default 1: every pause of
 * labelers and reviewers is multiplied by it, and the step's N labelers are simulated by N × scale clients, so
 * the request rate is that of N people while a check run takes minutes; figures are for scale 1),
 * BENCH_PROJECTS (default 4), BENCH_INSTANCES (default 2), BENCH_POOL_SIZE, BENCH_APP_DIR (and NEXT_DIST_DIR),
 * BENCH_DATABASE (default exemplar_bench_capacity, recreated each run), BENCH_POSTGRES_URL, BENCH_TRACE (a file:
 * every measured request as a line of JSON, to see whether the slow ones come together in time),
 * BENCH_SERVER_MONITOR=1 (the servers report how late their event loops ran and their collectors' pauses,
 * bench/support/event-loop-monitor.cjs; printed per step; with BENCH_TRACE its files are kept, every event timed).
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, type WriteStream } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Client } from "pg";
import { appDir, assertBuilt, sampleMemory, startServer, type BenchServer } from "./support/bench-server";
import {
  benchDatabaseUrl,
  benchSessionCookie,
  connect,
  createBenchProject,
  createBenchUsers,
  insertBenchPrompts,
  recreateBenchDatabase,
} from "./support/bench-database";
import { browserAuth, send, type Reply } from "./support/load-client";
import { cpuMeter, databaseBackendsMeter } from "./support/cpu";
import { count, fixed, machine, percentile } from "./support/report";

const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 1);
if (!(SCALE > 0)) throw new Error("BENCH_TIME_SCALE must be a number above 0");
const STEPS = process.env.BENCH_LABELERS
  ? [Number(process.env.BENCH_LABELERS)]
  : (process.env.BENCH_STEPS ?? "250,500,1000,1500,2000,2500,3000,4000").split(",").map(Number);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 120);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? Math.max(10, 30 * SCALE));
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 4);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2);
const P99_TARGET_MS = 100;
const LOOP_RESOLUTION_MS = 10;
const MONITOR_DIR =
  process.env.BENCH_SERVER_MONITOR === "1" ? mkdtempSync(path.join(tmpdir(), "exemplar-capacity-monitor-")) : null;
const trace: WriteStream | null = process.env.BENCH_TRACE ? createWriteStream(process.env.BENCH_TRACE) : null;
trace?.on("error", (error) => {
  console.error(`BENCH_TRACE: ${error.message}`);
  process.exit(1);
});

/** A person's pace, in seconds at scale 1. */
const PACE = {
  /** Writing one response, from the task on screen to submit. */
  write: [60, 120],
  /** Between autosaves while typing. */
  autosave: [3, 5],
  /** About one submit in this many is followed by a look at My work… */
  myWorkEvery: 10,
  /** …read for this long before going back to the writing screen. */
  myWorkRead: [10, 30],
  /** A reviewer reading one response before deciding. */
  review: [20, 40],
  /** A click: from one screen to the next. */
  click: [1, 3],
} as const;
const LABELERS_PER_REVIEWER = 20;
/** Arrivals are spread over one mean writing time, so the labelers are at every point of their task. */
const RAMP_S = ((PACE.write[0] + PACE.write[1]) / 2) * SCALE;

const TYPES = ["next", "draft", "submit", "my-work", "queue", "response", "review"] as const;
type RequestType = (typeof TYPES)[number];
/** What each request type answers when it worked. 409 on a review: another reviewer decided it first. */
const OK: Record<RequestType, number[]> = {
  next: [200],
  draft: [200],
  submit: [200, 201],
  "my-work": [200],
  queue: [200],
  response: [200],
  review: [200, 409],
};

const uniform = ([low, high]: readonly [number, number]) => (low + Math.random() * (high - low)) * SCALE * 1000;
const now = () => performance.now();

// Every pending pause, so that stopping ends them at once instead of waiting for the longest.
const sleepers = new Map<NodeJS.Timeout, () => void>();
let stopped = false;
let crashed = 0;
function sleepUntil(at: number): Promise<void> {
  const ms = at - now();
  if (ms <= 0 || stopped) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sleepers.delete(timer);
      resolve();
    }, ms);
    sleepers.set(timer, resolve);
  });
}
function stopAll() {
  stopped = true;
  for (const [timer, resolve] of sleepers) {
    clearTimeout(timer);
    resolve();
  }
  sleepers.clear();
}

/** The requests of one measured window: those whose scheduled time falls inside it. */
class Window {
  readonly latencies = new Map<RequestType, number[]>(TYPES.map((t) => [t, []]));
  readonly statuses = new Map<RequestType, Map<number, number>>(TYPES.map((t) => [t, new Map()]));
  readonly errors = new Map<RequestType, number>(TYPES.map((t) => [t, 0]));
  readonly failures: string[] = [];
  pending = 0;
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    // The window's start on the wall clock, to line the trace up with the servers' or PostgreSQL's logs.
    trace?.write(`${JSON.stringify({ window: new Date(Date.now() - (now() - start)).toISOString() })}\n`);
  }
  covers(at: number) {
    return at >= this.start && at < this.end;
  }
  record(type: RequestType, at: number, ms: number, reply: Reply | Error, server: string) {
    const status = reply instanceof Error ? 0 : reply.status;
    trace?.write(
      `${JSON.stringify({ type, at: Math.round(at - this.start), ms: Math.round(ms * 10) / 10, status, server })}\n`,
    );
    this.latencies.get(type)!.push(ms);
    const statuses = this.statuses.get(type)!;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (!OK[type].includes(status)) {
      this.errors.set(type, this.errors.get(type)! + 1);
      if (this.failures.length < 5)
        this.failures.push(`${type} ${status}: ${(reply instanceof Error ? reply.message : reply.body).slice(0, 200)}`);
    }
  }
}
let measuring: Window | null = null;

/** Sends one request scheduled for `at` (ms, performance.now()) and records it if `at` is in the window. */
async function timed(type: RequestType, at: number, server: string, call: () => Promise<Reply>): Promise<Reply | null> {
  const into = measuring?.covers(at) ? measuring : null;
  if (into) into.pending += 1;
  let reply: Reply | Error;
  try {
    reply = await call();
  } catch (error) {
    reply = error instanceof Error ? error : new Error(String(error));
  }
  if (into) {
    into.record(type, at, now() - at, reply, server);
    into.pending -= 1;
  }
  return reply instanceof Error || !OK[type].includes(reply.status) ? null : reply;
}

type Person = { id: string; token: string; cookie: string; base: string; projectId: string };
type Task = { id: string; draft: { turns: string[]; updatedAt: string } | null };

const SENTENCES = [
  "Open Settings, then Account, and choose Change e-mail address.",
  "Enter the new address twice and confirm with your current password.",
  "We send a link to the new address; it is valid for 24 hours.",
  "Until you open it, the old address keeps receiving all messages.",
  "If the link has expired, request a new one from the same page.",
  "Contact support if neither address receives the message within ten minutes.",
];
const sentence = (i: number) => `${SENTENCES[i % SENTENCES.length]} `;

/** One labeler, working until the benchmark stops. */
async function labeler(p: Person): Promise<void> {
  // As the writing screen calls the API: the session cookie, and on writes the page's Origin
  // (components/labeling/use-autosave.ts, lib/api/browser-writes.ts).
  const api = browserAuth(p.cookie, p.base);
  let task: Task | null = null;
  let at = now();
  while (!stopped) {
    if (!task) {
      const reply = await timed("next", at, p.base, () =>
        send("POST", `${p.base}/api/v1/projects/${p.projectId}/tasks/next`, api),
      );
      if (reply?.status !== 200) {
        // An error (or, with too few prompts, no work): try again a little later, as the screen would.
        at = now() + uniform(PACE.click);
        await sleepUntil(at);
        continue;
      }
      task = JSON.parse(reply.body) as Task;
    }
    const started = now();
    const submitAt = started + uniform(PACE.write);
    let text = task.draft?.turns[0] ?? "";
    let base = task.draft?.updatedAt ?? null;
    let saves = 0;
    for (let t = started + uniform(PACE.autosave); t < submitAt && !stopped; t += uniform(PACE.autosave)) {
      await sleepUntil(t);
      if (stopped) return;
      text += sentence(saves++);
      const body = { turns: [text], activeMs: Math.round((t - started) / SCALE), baseUpdatedAt: base };
      const id = task.id;
      const reply = await timed("draft", t, p.base, () => send("PUT", `${p.base}/api/v1/tasks/${id}/draft`, api, body));
      if (reply) base = (JSON.parse(reply.body) as { updatedAt: string }).updatedAt;
    }
    await sleepUntil(submitAt);
    if (stopped) return;
    const id = task.id;
    const submitted = await timed("submit", submitAt, p.base, () =>
      send("POST", `${p.base}/api/v1/tasks/${id}/submit`, api, { content: text + sentence(saves), next: true }),
    );
    task = submitted ? ((JSON.parse(submitted.body) as { next: Task | null }).next ?? null) : null;
    at = now();
    if (Math.random() < 1 / PACE.myWorkEvery) {
      const open = now() + uniform(PACE.click);
      await sleepUntil(open);
      if (stopped) return;
      await timed("my-work", open, p.base, () => send("GET", `${p.base}/my-work`, api));
      // Back on the writing screen, which asks tasks/next: the held task comes back.
      at = now() + uniform(PACE.myWorkRead);
      await sleepUntil(at);
      task = null;
    }
  }
}

/** One reviewer: the queue, one response, a decision after reading it; until the benchmark stops. */
async function reviewer(p: Person): Promise<void> {
  const api = { token: p.token };
  let at = now();
  while (!stopped) {
    const queue = await timed("queue", at, p.base, () =>
      send("GET", `${p.base}/api/v1/projects/${p.projectId}/responses?status=submitted&limit=50`, api),
    );
    const items = queue ? (JSON.parse(queue.body) as { items: { id: string }[] }).items : [];
    if (items.length === 0) {
      at = now() + uniform(PACE.review);
      await sleepUntil(at);
      continue;
    }
    // Any of the page, so that reviewers of one project seldom open the same response.
    const { id } = items[Math.floor(Math.random() * items.length)]!;
    const open = now() + uniform(PACE.click);
    await sleepUntil(open);
    if (stopped) return;
    await timed("response", open, p.base, () => send("GET", `${p.base}/api/v1/responses/${id}`, api));
    const decideAt = now() + uniform(PACE.review);
    await sleepUntil(decideAt);
    if (stopped) return;
    const durationMs = Math.round((decideAt - open) / SCALE);
    await timed("review", decideAt, p.base, () =>
      send("POST", `${p.base}/api/v1/responses/${id}/review`, api, { decision: "accept", durationMs }),
    );
    at = now() + uniform(PACE.click);
    await sleepUntil(at);
  }
}

type ServerMonitor = {
  late15: number;
  late50: number;
  lateMax: number;
  fullGcs: number;
  fullGcMaxMs: number;
  youngGcs: number;
  youngGcMaxMs: number;
};

/** The servers' environment for bench/support/event-loop-monitor.cjs, when BENCH_SERVER_MONITOR=1. */
function monitorEnv(): Record<string, string> {
  if (!MONITOR_DIR) return {};
  const monitor = path.join(__dirname, "support", "event-loop-monitor.cjs");
  return {
    BENCH_MONITOR_DIR: MONITOR_DIR,
    NODE_OPTIONS: `--require "${monitor}"`,
  };
}

/**
 * What the app servers' monitors wrote between two wall-clock times (ms), the servers together. Only the
 * servers' own files: the launcher in front of each (scripts/start.mjs) inherits NODE_OPTIONS and writes one too.
 */
async function monitored(from: number, to: number, servers: BenchServer[]): Promise<ServerMonitor | null> {
  if (!MONITOR_DIR) return null;
  // The monitors write once a second: wait for the window's last second to be on disk.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  type Entry = { wall: number; late?: number; gc?: string; ms?: number };
  const read = (pid: number) => {
    const file = path.join(MONITOR_DIR!, `${pid}.jsonl`);
    if (!existsSync(file)) return [];
    // A line still being appended has no newline yet: everything after the last one is left for later.
    return readFileSync(file, "utf8").split("\n").slice(0, -1);
  };
  const entries = servers
    .flatMap((server) => read(server.pid))
    .map((line) => JSON.parse(line) as Entry)
    .filter((e) => e.wall >= from && e.wall < to);
  const late = entries.flatMap((e) => (e.late === undefined ? [] : [e.late]));
  const pauses = (kind: string) => entries.flatMap((e) => (e.gc === kind ? [e.ms!] : []));
  const full = pauses("full");
  const young = pauses("young");
  return {
    late15: late.length,
    late50: late.filter((ms) => ms > 50).length,
    lateMax: Math.max(0, ...late),
    fullGcs: full.length,
    fullGcMaxMs: Math.max(0, ...full),
    youngGcs: young.length,
    youngGcMaxMs: Math.max(0, ...young),
  };
}

type Projects = { ids: string[]; seeded: number[] };

/**
 * Tops every project up with open prompts for what `clients` can take in `seconds` at the fastest pace, with a
 * margin, in one INSERT each: labelers must never run out.
 */
async function seedPrompts(db: Client, projects: Projects, labelers: number, seconds: number) {
  const need = Math.ceil(((labelers * seconds) / PACE.write[0] + labelers) * 1.5);
  const perProject = Math.ceil(need / projects.ids.length);
  for (const [i, projectId] of projects.ids.entries()) {
    const {
      rows: [open],
    } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM prompts WHERE project_id = $1 AND open AND taken = 0`,
      [projectId],
    );
    const missing = perProject - open!.n;
    if (missing <= 0) continue;
    await insertBenchPrompts(db, projectId, missing, projects.seeded[i]);
    projects.seeded[i]! += missing;
  }
}

type TypeResult = { count: number; p50: number; p95: number; p99: number; max: number; errors: number };
type StepResult = {
  labelers: number;
  clients: number;
  reviewers: number;
  types: Partial<Record<RequestType, TypeResult>>;
  statuses: Partial<Record<RequestType, Record<string, number>>>;
  failures: string[];
  /** CPU ms per labeler-minute in the window. */
  cpuPerLabelerMinute: { servers: number; postgres: number; client: number; postgresDatabase: number };
  /** Cores busy on average in the window. */
  cores: { servers: number; postgres: number; client: number };
  /** How late the load generator's event loop ran in the window, ms (p99 and the worst). */
  clientLoopDelay: { p99: number; max: number };
  /** With BENCH_SERVER_MONITOR=1: the app servers' event loops and collectors in the window, all servers together. */
  serverMonitor: ServerMonitor | null;
  /** Each app server's peak resident set in the window (MB), sampled every 250 ms. */
  serverPeakRssMb: number[];
  submitsPerMinute: number;
  load: string;
  passed: boolean;
};

async function main() {
  const dir = appDir();
  assertBuilt(dir);
  const url = await benchDatabaseUrl("exemplar_bench_capacity");
  await recreateBenchDatabase(url);
  const db = await connect(url);
  const secret = randomBytes(32).toString("base64url");
  const poolSize: Record<string, string> = process.env.BENCH_POOL_SIZE
    ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE }
    : {};
  let servers: BenchServer[] = [];
  const running: Promise<void>[] = [];
  try {
    console.log(await machine(db));
    const projects: Projects = { ids: [], seeded: [] };
    for (let i = 0; i < PROJECTS; i++) {
      projects.ids.push((await createBenchProject(db, `capacity-${i + 1}`)).projectId);
      projects.seeded.push(0);
    }
    // One secret for all instances, as behind a load balancer (docs/scaling.md); the session cookies use it too.
    servers = await Promise.all(
      Array.from({ length: INSTANCES }, () =>
        startServer(dir, url, { NEXTAUTH_SECRET: secret, ...poolSize, ...monitorEnv() }),
      ),
    );
    console.log(
      `${INSTANCES} instance(s): ${servers.map((s) => s.url).join(", ")}; ${PROJECTS} projects; ` +
        `steps ${STEPS.join(", ")} labelers; ramp ${fixed(RAMP_S)} s, warm-up ${fixed(WARMUP_S)} s, window ${WINDOW_S} s` +
        (SCALE === 1
          ? ""
          : `; time scale ${SCALE}: N labelers simulated by N × ${SCALE} clients ${1 / SCALE}× as fast`) +
        "\n",
    );

    const people = { labelers: 0, reviewers: 0 };
    const results: StepResult[] = [];
    const toClients = (n: number) => Math.max(1, Math.round(n * SCALE));
    for (const n of STEPS) {
      const clients = toClients(n);
      const reviewers = toClients(n / LABELERS_PER_REVIEWER);
      const stepSeconds = RAMP_S + WARMUP_S + WINDOW_S + 30;
      await seedPrompts(db, projects, n, stepSeconds);
      const newLabelers = await createBenchUsers(
        db,
        Math.max(0, clients - people.labelers),
        `capacity-l${n}`,
        "labeler",
      );
      const newReviewers = await createBenchUsers(
        db,
        Math.max(0, reviewers - people.reviewers),
        `capacity-r${n}`,
        "reviewer",
      );
      const arrivals: (() => Promise<void>)[] = [];
      for (const [role, users] of [
        ["labeler", newLabelers],
        ["reviewer", newReviewers],
      ] as const) {
        for (const user of users) {
          const i = role === "labeler" ? people.labelers++ : people.reviewers++;
          const person: Person = {
            id: user.id,
            token: user.token,
            cookie: await benchSessionCookie(user, role, secret),
            base: servers[i % servers.length]!.url,
            projectId: projects.ids[i % projects.ids.length]!,
          };
          arrivals.push(() => (role === "labeler" ? labeler(person) : reviewer(person)));
        }
      }
      // Open-loop arrivals: exponential gaps, a Poisson process that brings everyone within about the ramp.
      for (let i = arrivals.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
      }
      const gapMs = (RAMP_S * 1000) / Math.max(1, arrivals.length);
      let arriveAt = now();
      for (const arrive of arrivals) {
        arriveAt += -Math.log(1 - Math.random()) * gapMs;
        await sleepUntil(arriveAt);
        running.push(
          arrive().catch((error: unknown) => {
            // A reply the simulation cannot read (not the JSON it expects): that person stops; say so once.
            if (!crashed++) console.error("a simulated person stopped:", error);
          }),
        );
      }
      await sleepUntil(now() + WARMUP_S * 1000);

      const loadBefore = loadavg()[0]!.toFixed(1);
      const start = now();
      const startWall = Date.now();
      const measured = new Window(start, start + WINDOW_S * 1000);
      measuring = measured;
      // The load generator's own event loop: a request it fires late counts the delay, so say how late it can be.
      const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      loopDelay.enable();
      const cpu = cpuMeter(servers.map((s) => s.pid));
      const databaseCpu = await databaseBackendsMeter(db);
      // What a memory limit per server would have to allow: each server's resident set at its highest in the window.
      const memory = servers.map((s) => sampleMemory(s.pid, 250));
      await sleepUntil(measured.end);
      const serverPeakRssMb = memory.map((m) => Math.round(m.stop().peakRss / 2 ** 20));
      loopDelay.disable();
      const labelerMinutes = (n * WINDOW_S) / 60;
      const perLabelerMinute = {
        ...cpu(labelerMinutes),
        postgresDatabase: ((await databaseCpu()) * 1000) / labelerMinutes,
      };
      // The window's last requests may still be under way: wait for them (they count), at most 30 s.
      const waitUntil = now() + 30_000;
      while (measured.pending > 0 && now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 50));
      measuring = null;

      const types: StepResult["types"] = {};
      const statuses: StepResult["statuses"] = {};
      for (const type of TYPES) {
        const values = measured.latencies.get(type)!;
        if (values.length === 0) continue;
        types[type] = {
          count: values.length,
          p50: percentile(values, 50),
          p95: percentile(values, 95),
          p99: percentile(values, 99),
          max: percentile(values, 100),
          errors: measured.errors.get(type)!,
        };
        statuses[type] = Object.fromEntries(measured.statuses.get(type)!);
      }
      const unfinished = measured.pending;
      const passed = unfinished === 0 && Object.values(types).every((t) => t.errors === 0 && t.p99 <= P99_TARGET_MS);
      const toCores = (msPerLabelerMinute: number) => (msPerLabelerMinute * labelerMinutes) / 1000 / WINDOW_S;
      const result: StepResult = {
        labelers: n,
        clients,
        reviewers,
        types,
        statuses,
        failures:
          unfinished > 0
            ? [...measured.failures, `${unfinished} request(s) still unanswered 30 s after the window`]
            : measured.failures,
        cpuPerLabelerMinute: perLabelerMinute,
        cores: {
          servers: toCores(perLabelerMinute.servers),
          postgres: toCores(perLabelerMinute.postgres),
          client: toCores(perLabelerMinute.client),
        },
        // The histogram holds each tick's whole interval: what is over the resolution is the lateness.
        clientLoopDelay: {
          p99: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
          max: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
        },
        serverMonitor: await monitored(startWall, startWall + WINDOW_S * 1000, servers),
        serverPeakRssMb,
        submitsPerMinute: ((types.submit?.count ?? 0) / WINDOW_S) * 60,
        load: `${loadBefore} → ${loadavg()[0]!.toFixed(1)}`,
        passed,
      };
      results.push(result);
      printStep(result);
      if (!passed) break;
    }

    const best = results.filter((r) => r.passed).at(-1);
    console.log("");
    if (best) {
      const c = best.cpuPerLabelerMinute;
      const total = c.servers + c.postgres + c.client;
      console.log(
        `largest number of labelers with every p99 ≤ ${P99_TARGET_MS} ms and no errors: ${count(best.labelers)}` +
          (results.at(-1)!.passed
            ? " (the last step: the limit is higher)"
            : ` (${count(results.at(-1)!.labelers)} failed)`),
      );
      console.log(
        `CPU per labeler-minute there: app ${fixed(c.servers)} ms, PostgreSQL ${fixed(c.postgres)} ms (this database's ` +
          `backends ${fixed(c.postgresDatabase)} ms), load generator ` +
          `${fixed(c.client)} ms; app + PostgreSQL ${fixed(c.servers + c.postgres)} ms, i.e. ` +
          `${count(60_000 / (c.servers + c.postgres))} labelers per fully busy core (${count(60_000 / total)} with the load generator)`,
      );
    } else console.log(`no step passed (every p99 ≤ ${P99_TARGET_MS} ms, no errors)`);
    if (crashed > 0) console.log(`${crashed} simulated people stopped on an unreadable reply (the first is above)`);
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      JSON.stringify({
        bench: "capacity",
        instances: INSTANCES,
        projects: PROJECTS,
        scale: SCALE,
        windowSeconds: WINDOW_S,
        largestPassing: best?.labelers ?? null,
        results,
      }),
    );
  } finally {
    stopAll();
    await Promise.all(running);
    await Promise.all(servers.map((s) => s.stop()));
    await db.end();
    if (trace) await new Promise((resolve) => trace.end(resolve));
    // With a trace, the monitors' files stay beside it: every event with its time, to line up with the requests.
    if (MONITOR_DIR && trace) console.log(`the servers' monitor files (every event, wall-clock ms): ${MONITOR_DIR}`);
    else if (MONITOR_DIR) rmSync(MONITOR_DIR, { recursive: true, force: true });
  }
}

function printStep(r: StepResult) {
  const c = r.cpuPerLabelerMinute;
  const lines = [
    `${count(r.labelers)} labelers + ${count(r.reviewers)} reviewers` +
      (SCALE === 1 ? "" : ` (${count(r.clients)} clients at scale ${SCALE})`) +
      ` — load average ${r.load}; ${fixed(r.submitsPerMinute, 0)} submits/min — ${r.passed ? "passes" : "FAILS"}`,
    `  ${"request".padEnd(9)} ${"count".padStart(7)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"max".padStart(7)}  errors`,
  ];
  for (const type of TYPES) {
    const t = r.types[type];
    if (!t) continue;
    const ms = (v: number) => fixed(v).padStart(7);
    lines.push(
      `  ${type.padEnd(9)} ${String(t.count).padStart(7)} ${ms(t.p50)} ${ms(t.p95)} ${ms(t.p99)} ${ms(t.max)}  ${t.errors}` +
        (t.p99 > P99_TARGET_MS ? `  p99 over ${P99_TARGET_MS} ms` : ""),
    );
  }
  lines.push(
    `  CPU per labeler-minute: app ${fixed(c.servers)} ms, PostgreSQL ${fixed(c.postgres)} ms (this database's backends ` +
      `${fixed(c.postgresDatabase)} ms), load generator ${fixed(c.client)} ms` +
      ` (cores busy: ${fixed(r.cores.servers, 2)} + ${fixed(r.cores.postgres, 2)} + ${fixed(r.cores.client, 2)})`,
  );
  lines.push(`  app servers' peak RSS in the window: ${r.serverPeakRssMb.map((mb) => `${mb} MB`).join(", ")}`);
  const m = r.serverMonitor;
  if (m)
    lines.push(
      `  app servers: event loop late by over 15 ms ${m.late15} times, over 50 ms ${m.late50} times, at most ${m.lateMax} ms; ` +
        `full collections pausing over 5 ms ${m.fullGcs} (longest pause ${m.fullGcMaxMs} ms), young-generation pauses over 5 ms ${m.youngGcs} ` +
        `(longest ${m.youngGcMaxMs} ms)`,
    );
  lines.push(
    `  load generator's event loop late by up to ${fixed(r.clientLoopDelay.p99)} ms (p99), ${fixed(r.clientLoopDelay.max)} ms at worst`,
  );
  for (const failure of r.failures) lines.push(`  failure: ${failure}`);
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
