/**
 * `npm run bench:load`: simulated labelers claim (`POST /api/v1/projects/{id}/tasks/next`) and submit
 * (`POST /api/v1/tasks/{id}/submit`) with no pause until a project of BENCH_PROMPTS prompts × 3 responses is
 * done, spread over BENCH_INSTANCES production servers on one database, at each concurrency in
 * BENCH_CONCURRENCY (default 32 and 64); then the same number of labelers run the claim statement itself
 * (`exemplar_claim_prompt`) on `pg` connections against an identical project, in a tight loop. Prints
 * throughput and p50/p99 latency per endpoint, the claim ratio (targets: HTTP claims ≥ 25 % of raw SQL
 * claims; p99 submit ≤ 100 ms at 64), the CPU each side used per pair (app servers, PostgreSQL, this
 * process) and Little's law for the closed loop. docs/performance.md has the figures.
 *
 * Env: BENCH_CONCURRENCY (e.g. "32,64"), BENCH_PROMPTS (default 500), BENCH_INSTANCES (default 2),
 * BENCH_THINK_MS (a labeler's pause after each answer; default 0, the closed loop the targets are for),
 * BENCH_POOL_SIZE (DATABASE_POOL_SIZE of each server; default the app's), BENCH_APP_DIR, BENCH_DATABASE
 * (default exemplar_bench_load, recreated each run), BENCH_POSTGRES_URL.
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { Pool, type Client } from "pg";
import { appDir, assertBuilt, startServer, type BenchServer } from "./support/bench-server";
import {
  benchDatabaseUrl,
  connect,
  createBenchProject,
  createBenchUsers,
  recreateBenchDatabase,
  insertBenchPrompts,
} from "./support/bench-database";
import { claimRawUntilDone, labelUntilDone, newLatencies, type Latencies } from "./support/load-client";
import { cpuMeter, type CpuBudget } from "./support/cpu";
import { count, elapsedSince, fixed, machine, percentile, verdict } from "./support/report";

const LEVELS = (process.env.BENCH_CONCURRENCY ?? "32,64").split(",").map(Number);
const PROMPTS = Number(process.env.BENCH_PROMPTS ?? 500);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2);
const PER_PROMPT = 3;
const LEASE_MINUTES = 120;
const RATIO_TARGET = 0.25;
const P99_SUBMIT_TARGET_MS = 100;
// A pause after each answer, as a person reading and writing would take. 0 (default) is the closed loop
// the targets are set for, and the only run that prints verdicts.
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 0);

async function project(db: Client, slug: string, prompts: number, perPrompt: number) {
  const { projectId, guidelinesId } = await createBenchProject(db, slug);
  await db.query(`UPDATE projects SET responses_per_prompt = $2, lease_minutes = $3 WHERE id = $1`, [
    projectId,
    perPrompt,
    LEASE_MINUTES,
  ]);
  await insertBenchPrompts(db, projectId, prompts);
  return { projectId, guidelinesId };
}

type LevelResult = {
  concurrency: number;
  claimsPerSecond: number;
  submitsPerSecond: number;
  claim: { p50: number; p99: number };
  submit: { p50: number; p99: number };
  rawClaimsPerSecond: number;
  raw: { p50: number; p99: number };
  ratio: number;
  /** CPU ms per claim + submit pair over HTTP, and per raw claim, by process group. */
  cpu: { http: CpuBudget; raw: CpuBudget };
  /** Little's law for a closed loop: labelers ÷ pairs per second, the mean wait per pair. */
  meanPairMs: number;
  statuses: Record<string, number>;
  load: string;
};

async function level(db: Client, url: string, servers: BenchServer[], concurrency: number): Promise<LevelResult> {
  const loadBefore = loadavg()[0]!.toFixed(1);
  const users = await createBenchUsers(db, concurrency, `load-c${concurrency}-${randomBytes(3).toString("hex")}`);
  const on = (i: number) => servers[i % servers.length]!.url;

  // Warm-up, not measured: each labeler's first claim and submit load the routes and open connections.
  const warm = await project(db, `warm-${concurrency}`, concurrency, 1);
  await Promise.all(users.map((u, i) => labelUntilDone(on(i), u.token, warm.projectId, newLatencies())));

  const http = await project(db, `load-${concurrency}`, PROMPTS, PER_PROMPT);
  const latencies: Latencies = newLatencies();
  const httpCpu = cpuMeter(servers.map((s) => s.pid));
  const start = process.hrtime.bigint();
  await Promise.all(users.map((u, i) => labelUntilDone(on(i), u.token, http.projectId, latencies, THINK_MS)));
  const seconds = elapsedSince(start);
  // Pairs, not calls: a 503 retried is one more call but no more work done.
  const pairs = latencies.pairs;
  const httpBudget = httpCpu(pairs);

  const raw = await project(db, `raw-${concurrency}`, PROMPTS, PER_PROMPT);
  const pool = new Pool({ connectionString: url, max: concurrency });
  const rawLatencies: number[] = [];
  const rawCpu = cpuMeter([]);
  const rawStart = process.hrtime.bigint();
  await Promise.all(
    users.map((u) =>
      claimRawUntilDone(
        pool,
        u.id,
        { ...raw, responsesPerPrompt: PER_PROMPT, leaseMinutes: LEASE_MINUTES },
        rawLatencies,
      ),
    ),
  );
  const rawSeconds = elapsedSince(rawStart);
  const rawBudget = rawCpu(rawLatencies.length);
  await pool.end();

  const claimsPerSecond = pairs / seconds;
  const rawClaimsPerSecond = rawLatencies.length / rawSeconds;
  return {
    concurrency,
    claimsPerSecond,
    submitsPerSecond: pairs / seconds,
    claim: { p50: percentile(latencies.claim, 50), p99: percentile(latencies.claim, 99) },
    submit: { p50: percentile(latencies.submit, 50), p99: percentile(latencies.submit, 99) },
    rawClaimsPerSecond,
    raw: { p50: percentile(rawLatencies, 50), p99: percentile(rawLatencies, 99) },
    ratio: claimsPerSecond / rawClaimsPerSecond,
    cpu: { http: httpBudget, raw: rawBudget },
    meanPairMs: (concurrency / (pairs / seconds)) * 1000,
    statuses: Object.fromEntries(latencies.statuses),
    load: `${loadBefore} → ${loadavg()[0]!.toFixed(1)}`,
  };
}

async function main() {
  const dir = appDir();
  assertBuilt(dir);
  const url = await benchDatabaseUrl("exemplar_bench_load");
  await recreateBenchDatabase(url);
  const db = await connect(url);
  const secret = randomBytes(32).toString("base64url");
  const poolSize: Record<string, string> = process.env.BENCH_POOL_SIZE
    ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE }
    : {};
  let servers: BenchServer[] = [];
  try {
    console.log(await machine(db));
    // One secret for all instances, as behind a load balancer (docs/scaling.md).
    servers = await Promise.all(
      Array.from({ length: INSTANCES }, () => startServer(dir, url, { NEXTAUTH_SECRET: secret, ...poolSize })),
    );
    console.log(
      `${INSTANCES} instance(s): ${servers.map((s) => s.url).join(", ")}; ${PROMPTS} prompts × ${PER_PROMPT} per level` +
        `${THINK_MS > 0 ? `; ${THINK_MS} ms pause after each answer` : ""}\n`,
    );

    const results: LevelResult[] = [];
    for (const concurrency of LEVELS) {
      const r = await level(db, url, servers, concurrency);
      results.push(r);
      console.log(
        [
          `${concurrency} labelers (load average ${r.load}; statuses ${JSON.stringify(r.statuses)})`,
          `  tasks/next  ${count(r.claimsPerSecond)} claims/s   p50 ${fixed(r.claim.p50)} ms   p99 ${fixed(r.claim.p99)} ms`,
          `  submit      ${count(r.submitsPerSecond)} submits/s  p50 ${fixed(r.submit.p50)} ms   p99 ${fixed(r.submit.p99)} ms`,
          `  raw SQL     ${count(r.rawClaimsPerSecond)} claims/s   p50 ${fixed(r.raw.p50)} ms   p99 ${fixed(r.raw.p99)} ms`,
          `  ratio ${fixed(r.ratio, 2)}` +
            (THINK_MS > 0 ? "" : ` (target ≥ ${RATIO_TARGET}: ${verdict(r.ratio, RATIO_TARGET, "min")})`),
          `  CPU per claim + submit: app servers ${fixed(r.cpu.http.servers)} ms, PostgreSQL ${fixed(r.cpu.http.postgres)} ms, ` +
            `load generator ${fixed(r.cpu.http.client)} ms; per raw claim: PostgreSQL ${fixed(r.cpu.raw.postgres, 2)} ms, ` +
            `client ${fixed(r.cpu.raw.client, 2)} ms`,
          `  Little's law: ${concurrency} labelers ÷ ${fixed(r.submitsPerSecond)} pairs/s = ${fixed(r.meanPairMs)} ms mean wait per pair${THINK_MS > 0 ? " (pauses included)" : ""}`,
        ].join("\n"),
      );
    }
    const at64 = results.find((r) => r.concurrency === 64);
    if (THINK_MS > 0)
      console.log(
        `\nlabelers paused ${THINK_MS} ms after each answer: an open load, not the targets' closed loop; no verdicts`,
      );
    else if (at64)
      console.log(
        `\np99 submit at 64 labelers: ${fixed(at64.submit.p99)} ms (target ≤ ${P99_SUBMIT_TARGET_MS}: ${verdict(at64.submit.p99, P99_SUBMIT_TARGET_MS, "max")})`,
      );
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(JSON.stringify({ bench: "load", instances: INSTANCES, prompts: PROMPTS, thinkMs: THINK_MS, results }));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
