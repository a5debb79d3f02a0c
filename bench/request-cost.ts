/**
 * `npm run bench:request-cost`: the app server's CPU per request for each request a labeler (and a reviewer)
 * makes, one request at a time from one client, so the figure is the request's own cost with no queueing in it.
 * Each request type is sent BENCH_REQUESTS times after BENCH_WARMUP warm-up requests; the server's CPU (user +
 * system time from /proc/<pid>/stat) over the batch, divided by the count, is its cost. Beside it, the ratio to
 * a bare `GET /api/v1/me` without credentials (a 401: the framework's floor per request) measured in the same
 * run, which carries over between machines and loads better than the milliseconds do.
 *
 * The requests: the autosave (`PUT /api/v1/tasks/{id}/draft`) with an API token and with the browser's session
 * cookie (what the writing screen sends, components/labeling/use-autosave.ts), the writing screen's
 * `tasks/next` (the held task comes back), the submit with `"next": true`, the My work page (server-rendered,
 * session cookie; once more gzipped, as a browser asks for it), the sign-in page (anonymous: a page's floor),
 * and a reviewer's read (`GET /api/v1/responses/{id}`), queue (`GET /api/v1/projects/{id}/responses`, 50
 * submitted) and accept (`POST /api/v1/responses/{id}/review`) of the responses those submits made.
 *
 * BENCH_BUILDS (comma-separated dist dirs, default NEXT_DIST_DIR or .next) starts one server per build against
 * the same database and interleaves them: each of BENCH_ROUNDS rounds runs every request type on every build in
 * turn, so a before/after comparison sees the same machine load. docs/performance.md ("Request cost") has the
 * figures.
 *
 * Env: BENCH_REQUESTS (per type and build, default 300), BENCH_WARMUP (default 50), BENCH_ROUNDS (default 3),
 * BENCH_TYPES (comma-separated words: only the request types whose names contain one), BENCH_BUILDS,
 * BENCH_APP_DIR, BENCH_DATABASE (default exemplar_bench_requests, recreated each run), BENCH_POSTGRES_URL,
 * BENCH_SERVER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile).
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { appDir, startServer, type BenchServer } from "./support/bench-server";
import {
  benchDatabaseUrl,
  benchSessionCookie,
  connect,
  createBenchProject,
  createBenchUsers,
  insertBenchPrompts,
  recreateBenchDatabase,
} from "./support/bench-database";
import { browserAuth, Draft, send, type Auth, type Reply } from "./support/load-client";
import { cpuSeconds } from "./support/cpu";
import { fixed, machine } from "./support/report";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUILDS = (process.env.BENCH_BUILDS ?? process.env.NEXT_DIST_DIR ?? ".next").split(",").filter(Boolean);
// What the server does after answering (a log line, a timer) lands in the batch it belongs to.
const SETTLE_MS = 100;

async function expect(reply: Promise<Reply>, statuses: number[], what: string): Promise<Reply> {
  const r = await reply;
  if (!statuses.includes(r.status)) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
  return r;
}

type Task = { id: string; draft: { turns: string[]; updatedAt: string } | null };

/** The people of one build's server: a labeler holding a task, a reviewer, their credentials. */
type Side = {
  build: string;
  server: BenchServer;
  projectId: string;
  labeler: { token: string };
  cookie: string;
  reviewer: { token: string };
  task: Task;
  draft: Draft;
  toReview: string[];
};

/** One request of a type, on one side; it keeps the side's state (held task, draft time, responses to review). */
const REQUEST_TYPES: Record<string, (s: Side) => Promise<unknown>> = {
  "me (401, no credentials)": (s) => expect(send("GET", `${s.server.url}/api/v1/me`, null), [401], "me 401"),
  "me (token)": (s) => expect(send("GET", `${s.server.url}/api/v1/me`, s.labeler), [200], "me token"),
  "me (session cookie)": (s) => expect(send("GET", `${s.server.url}/api/v1/me`, cookieAuth(s)), [200], "me cookie"),
  "draft (token)": (s) => s.draft.save(s.labeler),
  "draft (session cookie)": (s) => s.draft.save(cookieAuth(s)),
  "tasks/next (held task)": (s) =>
    expect(send("POST", `${s.server.url}/api/v1/projects/${s.projectId}/tasks/next`, s.labeler), [200], "next"),
  "submit with next": async (s) => {
    const reply = await expect(
      send("POST", `${s.server.url}/api/v1/tasks/${s.task.id}/submit`, s.labeler, {
        content: s.draft.final(),
        next: true,
      }),
      [200, 201],
      "submit",
    );
    const answer = JSON.parse(reply.body) as { id: string; next: Task | null };
    if (!answer.next) throw new Error("submit: no next task (too few prompts)");
    s.toReview.push(answer.id);
    s.task = answer.next;
    s.draft = new Draft(s.server.url, answer.next.id);
  },
  "my-work page (session cookie)": (s) =>
    expect(send("GET", `${s.server.url}/my-work`, cookieAuth(s)), [200], "my-work"),
  // As a browser asks for it: the server gzips the page.
  "my-work page (session cookie, gzip)": async (s) => {
    const reply = await expect(
      send("GET", `${s.server.url}/my-work`, cookieAuth(s), undefined, { "accept-encoding": "gzip" }),
      [200],
      "my-work gzip",
    );
    if (reply.headers["content-encoding"] !== "gzip") throw new Error("my-work gzip: the page was not gzipped");
  },
  // The floor of a page: a small one, anonymous, with no data to read.
  "sign-in page (anonymous)": (s) => expect(send("GET", `${s.server.url}/login`, null), [200], "sign-in page"),
  "response read (reviewer)": (s) => {
    // The response a reviewer opens before deciding it: the next one the accept below decides.
    const id = s.toReview[0];
    if (!id) throw new Error("response read: no submitted response (run it with the submits)");
    return expect(send("GET", `${s.server.url}/api/v1/responses/${id}`, s.reviewer), [200], "response read");
  },
  "review queue (50 submitted)": async (s) => {
    // A reviewer's queue, as the review screen asks for it: the first page of what waits for a decision.
    const reply = await expect(
      send("GET", `${s.server.url}/api/v1/projects/${s.projectId}/responses?status=submitted&limit=50`, s.reviewer),
      [200],
      "review queue",
    );
    const { items } = JSON.parse(reply.body) as { items: unknown[] };
    if (items.length < 50) throw new Error("review queue: fewer than 50 submitted responses (run it with the submits)");
  },
  "review accept": (s) => {
    const id = s.toReview.shift();
    if (!id) throw new Error("review: no submitted response left");
    return expect(
      send("POST", `${s.server.url}/api/v1/responses/${id}/review`, s.reviewer, {
        decision: "accept",
        durationMs: 20_000,
      }),
      [200],
      "review",
    );
  },
};

const cookieAuth = (s: Side): Auth => browserAuth(s.cookie, s.server.url);

async function main() {
  const dir = appDir();
  const url = await benchDatabaseUrl("exemplar_bench_requests");
  await recreateBenchDatabase(url);
  const db = await connect(url);
  const secret = randomBytes(32).toString("base64url");
  const sides: Side[] = [];
  try {
    console.log(await machine(db));
    const submits = (WARMUP + REQUESTS) * ROUNDS;
    for (const [i, build] of BUILDS.entries()) {
      const { projectId } = await createBenchProject(db, `request-cost-${i + 1}`);
      await insertBenchPrompts(db, projectId, submits + 10);
      const [labeler] = await createBenchUsers(db, 1, `request-cost-l${i + 1}`, "labeler");
      const [reviewer] = await createBenchUsers(db, 1, `request-cost-r${i + 1}`, "reviewer");
      // startServer checks (and the server reads) the build of NEXT_DIST_DIR.
      process.env.NEXT_DIST_DIR = build;
      const server = await startServer(dir, url, { NEXTAUTH_SECRET: secret });
      const side: Side = {
        build,
        server,
        projectId,
        labeler: { token: labeler!.token },
        cookie: await benchSessionCookie(labeler!, "labeler", secret),
        reviewer: { token: reviewer!.token },
        task: { id: "", draft: null },
        draft: new Draft(server.url, ""),
        toReview: [],
      };
      sides.push(side);
      const next = await expect(
        send("POST", `${server.url}/api/v1/projects/${projectId}/tasks/next`, side.labeler),
        [200],
        "first claim",
      );
      side.task = JSON.parse(next.body) as Task;
      side.draft = new Draft(server.url, side.task.id);
    }
    console.log(
      `builds: ${BUILDS.join(", ")}; per request type and build: ${ROUNDS} rounds of ${WARMUP} warm-up + ` +
        `${REQUESTS} measured requests, one at a time\n`,
    );

    // BENCH_TYPES: only the request types whose names contain one of these words (the 401 floor always runs).
    const only = process.env.BENCH_TYPES?.split(",").filter(Boolean);
    const floorType = Object.keys(REQUEST_TYPES)[0]!;
    const types = Object.keys(REQUEST_TYPES).filter(
      (t) => t === floorType || !only || only.some((word) => t.includes(word)),
    );
    // cpu[build][type]: seconds and requests summed over the rounds.
    const cpu = sides.map(() => new Map<string, { seconds: number; n: number }>());
    const loadStart = loadavg();
    for (let round = 0; round < ROUNDS; round++) {
      for (const type of types) {
        const call = REQUEST_TYPES[type]!;
        for (const [i, side] of sides.entries()) {
          for (let k = 0; k < WARMUP; k++) await call(side);
          await sleep(SETTLE_MS);
          const before = cpuSeconds(side.server.pid);
          for (let k = 0; k < REQUESTS; k++) await call(side);
          await sleep(SETTLE_MS);
          const spent = cpuSeconds(side.server.pid) - before;
          const sum = cpu[i]!.get(type) ?? { seconds: 0, n: 0 };
          cpu[i]!.set(type, { seconds: sum.seconds + spent, n: sum.n + REQUESTS });
        }
      }
    }
    const loadEnd = loadavg();

    const perRequest = (i: number, type: string) => {
      const { seconds, n } = cpu[i]!.get(type)!;
      return (seconds * 1000) / n;
    };
    const width = Math.max(...types.map((t) => t.length));
    const header = `${"request".padEnd(width)}  ${sides.map((s) => `${s.build}: ms  × 401`.padStart(24)).join("  ")}`;
    console.log("app server CPU per request (user + system, /proc), and the ratio to a bare 401:");
    console.log(header);
    for (const type of types) {
      const cells = sides.map((_, i) => {
        const ms = perRequest(i, type);
        return `${fixed(ms, 2).padStart(8)}  ${fixed(ms / perRequest(i, floorType), 2).padStart(6)}`.padStart(24);
      });
      console.log(`${type.padEnd(width)}  ${cells.join("  ")}`);
    }
    const avg = (l: number[]) => l.map((v) => v.toFixed(2)).join(" ");
    console.log(`\nload average at start: ${avg(loadStart)}; at end: ${avg(loadEnd)}`);
    console.log(
      JSON.stringify({
        bench: "request-cost",
        requests: REQUESTS,
        warmup: WARMUP,
        rounds: ROUNDS,
        load: { start: loadStart, end: loadEnd },
        builds: sides.map((s, i) => ({
          build: s.build,
          msPerRequest: Object.fromEntries(types.map((t) => [t, perRequest(i, t)])),
        })),
      }),
    );
  } finally {
    await Promise.all(sides.map((s) => s.server.stop()));
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
