/**
 * `npm run bench:suggestions`: pre-generates suggestions for BENCH_PROMPTS (default 5,000) open prompts against the
 * local OpenAI-compatible server (bench/support/model-server.ts, a process of its own) answering each request in
 * 50 ms, with the connection's concurrency at 32: at most 32 × 1000 / 50 = 640 requests a second. The app is the
 * production server (bench/support/bench-server.ts; it needs a build). BENCH_WORKER says who generates:
 *
 * - `app` (default, as deployed by default): the app's own worker, started at boot;
 * - `process`: the app with EXEMPLAR_WORKER=off beside one worker process, started as `npm run worker` starts it
 *   (scripts/worker.ts under tsx's loader, without npm's and tsx's wrapper processes), so a deployment can weigh
 *   one process against two.
 *
 * Prints:
 *
 * - throughput (prompts/s, from POST …/suggestions/generate until GET says finished) and its ratio to the 640/s
 *   the model allows (target ≥ 0.8);
 * - the server's peak RSS while generating and streaming (target ≤ 300 MB), and with BENCH_WORKER=process the
 *   worker's;
 * - time to the first streamed token added by Exemplar: the first `delta` event of POST /api/v1/tasks/{id}/
 *   suggestions (Accept: text/event-stream) against the first content chunk read straight from the model
 *   server, BENCH_TTFT_RUNS (default 500) of each, alternated (target: p99 added ≤ 20 ms);
 * - CPU time per prompt while generating, of the server and of the worker process (less sensitive to the load
 *   than the throughput);
 * - the load average, which says what else the machine was doing.
 *
 * Env: BENCH_PROMPTS, BENCH_TTFT_RUNS, BENCH_WORKER, BENCH_SERVER_NODE_OPTIONS (also the worker's), BENCH_DATABASE
 * (default exemplar_bench_suggestions), BENCH_POSTGRES_URL, BENCH_APP_DIR (a checkout with a build; default this one).
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  benchDatabaseUrl,
  connect,
  createBenchProject,
  createBenchToken,
  recreateBenchDatabase,
} from "./support/bench-database";
import { processDefaults } from "../scripts/runtime-env.mjs";
import { appDir, memoryOf, sampleMemory, startServer } from "./support/bench-server";
import { cpuSeconds } from "./support/cpu";
import { count, elapsedSince, fixed, machine, MB, percentile, verdict } from "./support/report";

const PROMPTS = Number(process.env.BENCH_PROMPTS ?? 5000);
const TTFT_RUNS = Number(process.env.BENCH_TTFT_RUNS ?? 500);
const LATENCY_MS = 50;
const CONCURRENCY = 32;
const LIMIT_PER_SECOND = (CONCURRENCY * 1000) / LATENCY_MS;
const SLUG = "bench-suggestions";
const WORKER = process.env.BENCH_WORKER ?? "app";
if (WORKER !== "app" && WORKER !== "process") {
  console.error(`BENCH_WORKER must be "app" or "process", not "${WORKER}"`);
  process.exit(2);
}
const ENCRYPTION_KEY = "bench-only-encryption-key-not-for-production-use";

/** The model server child: its base URL, and its counters on request. */
async function startModelServer() {
  const child = spawn(
    path.join(process.cwd(), "node_modules/.bin/tsx"),
    ["--conditions=react-server", "bench/support/model-server.ts"],
    { env: { ...process.env, MODEL_LATENCY_MS: String(LATENCY_MS) }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const { baseUrl } = (await next()) as { baseUrl: string };
  const ask = async (command: string) => {
    child.stdin!.write(`${command}\n`);
    return next();
  };
  return {
    baseUrl,
    stats: () => ask("stats") as Promise<{ requests: number; peakInFlight: number }>,
    reset: () => ask("reset"),
    stop: () => child.kill("SIGTERM"),
  };
}

/**
 * `npm run worker` as a process of its own: node with tsx's loader running scripts/worker.ts (what `npm run worker`
 * ends up running, through scripts/start-worker.mjs, without the npm and launcher processes that only wait for it).
 * Resolves once it takes jobs.
 */
async function startWorkerProcess(dir: string, databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], {
    cwd: dir,
    // With the settings scripts/start-worker.mjs gives it; BENCH_SERVER_NODE_OPTIONS come after them and win.
    env: {
      ...processDefaults({ ...process.env, NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }),
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      EXEMPLAR_ENCRYPTION_KEY: ENCRYPTION_KEY,
    },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
      process.stderr.write(chunk);
      if (log.includes("worker: working")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the worker exited at start (${code}):\n${log}`)));
  });
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Milliseconds until the first text of a streamed answer, read as a browser's fetch reads it. */
async function firstText(response: Response, marker: RegExp): Promise<number | null> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return null;
    buffer += decoder.decode(value, { stream: true });
    if (marker.test(buffer)) {
      const at = performance.now();
      // Read the rest, so the call ends as a client's would (and Exemplar stores the suggestion).
      while (!(await reader.read()).done) {}
      return at;
    }
  }
}

/** Requests a second straight to the model server, `concurrency` at once, each read to its end. */
async function directThroughput(baseUrl: string, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const response = await fetch(`${baseUrl}/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "bench-model", messages: [{ role: "user", content: `Question ${next}` }] }),
        });
        await response.json();
      }
    }),
  );
  return total / elapsedSince(started);
}

async function main() {
  const url = await benchDatabaseUrl("exemplar_bench_suggestions");
  await recreateBenchDatabase(url);
  const db = await connect(url);
  console.log(await machine(db));
  const project = await createBenchProject(db, SLUG);
  await db.query("UPDATE projects SET access = 'everyone' WHERE id = $1", [project.projectId]);
  await db.query(
    `INSERT INTO prompts (project_id, external_id, messages, slot_count)
     SELECT $1, 'p-' || i, jsonb_build_array(
              jsonb_build_object('role', 'user', 'content', 'Question ' || i || ': explain how tides work, briefly.'),
              jsonb_build_object('role', 'assistant', 'content', null)), 1
       FROM generate_series(1, $2::int) i`,
    [project.projectId, PROMPTS],
  );
  const labelerToken = await createBenchToken(db, project.labelerId);
  const model = await startModelServer();
  const server = await startServer(appDir(), url, {
    EXEMPLAR_ENCRYPTION_KEY: ENCRYPTION_KEY,
    // One labeler asks BENCH_TTFT_RUNS times in a row: the per-labeler limit on requests is not what is measured.
    EXEMPLAR_SUGGESTIONS_PER_MINUTE: "0",
    EXEMPLAR_WORKER: WORKER === "process" ? "off" : "on",
  });
  const worker = WORKER === "process" ? await startWorkerProcess(appDir(), url) : undefined;
  console.log(
    WORKER === "process"
      ? "\nworker: a process of its own (BENCH_WORKER=process), the app with EXEMPLAR_WORKER=off"
      : "\nworker: the app's own (BENCH_WORKER=app, the default)",
  );
  const api = async (token: string, method: string, route: string, body?: unknown) => {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const generate = `/api/v1/projects/${project.projectId}/suggestions/generate`;
  await api(project.token, "PUT", `/api/v1/projects/${project.projectId}/assistant`, {
    baseUrl: model.baseUrl,
    model: "bench-model",
    mode: "draft",
    concurrency: CONCURRENCY,
    timeoutSeconds: 30,
  });

  // 0. The same number of requests straight to the model server, as many at once: what this machine allows
  // today (the 640/s is the model's limit, reached only when nothing else competes for the CPU).
  const baseline = await directThroughput(model.baseUrl, PROMPTS, CONCURRENCY);
  await model.reset();
  const idleRss = memoryOf(server.pid).rss;
  const workerIdleRss = worker ? memoryOf(worker.pid).rss : 0;
  console.log(
    `\nstraight to the model, ${CONCURRENCY} at once: ${fixed(baseline, 0)} requests/s (${fixed(baseline / LIMIT_PER_SECOND, 2)} of ${LIMIT_PER_SECOND}/s); server RSS before generating: ${fixed(idleRss / MB, 0)} MB${worker ? `, worker's ${fixed(workerIdleRss / MB, 0)} MB` : ""}`,
  );

  // 1. Pre-generation, timed from the start request until the run is finished.
  const memory = sampleMemory(server.pid, 50);
  const workerMemory = worker ? sampleMemory(worker.pid, 50) : undefined;
  const loadBefore = loadavg();
  const cpuBefore = { server: cpuSeconds(server.pid), worker: worker ? cpuSeconds(worker.pid) : 0 };
  const started = process.hrtime.bigint();
  let progress = await api(project.token, "POST", generate);
  while (progress.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 50));
    progress = await api(project.token, "GET", generate);
  }
  const seconds = elapsedSince(started);
  const cpuMsPerPrompt = {
    server: ((cpuSeconds(server.pid) - cpuBefore.server) * 1000) / progress.done,
    worker: worker ? ((cpuSeconds(worker.pid) - cpuBefore.worker) * 1000) / progress.done : 0,
  };
  const served = await model.stats();
  const perSecond = progress.done / seconds;
  console.log(
    `\npre-generation: ${count(progress.done)} of ${count(progress.total)} prompts done, ${progress.failed} failed, in ${fixed(seconds, 2)} s; ${count(served.requests)} model requests, at most ${served.peakInFlight} at once`,
  );
  console.log(
    `throughput: ${fixed(perSecond, 0)} prompts/s; ratio to the model's limit of ${LIMIT_PER_SECOND}/s: ${fixed(perSecond / LIMIT_PER_SECOND, 2)} (target ≥ 0.8: ${verdict(perSecond / LIMIT_PER_SECOND, 0.8, "min")}); to the straight requests just before: ${fixed(perSecond / baseline, 2)}`,
  );
  console.log(
    `CPU per prompt while generating: server ${fixed(cpuMsPerPrompt.server, 2)} ms${worker ? `, worker process ${fixed(cpuMsPerPrompt.worker, 2)} ms` : ""}`,
  );
  const loadAfterGeneration = loadavg();

  // 2. Time to the first streamed token, straight from the model and through Exemplar, alternated.
  const task = await api(labelerToken, "POST", `/api/v1/projects/${project.projectId}/tasks/next`);
  const throughExemplar = async () => {
    const start = performance.now();
    const response = await fetch(`${server.url}/api/v1/tasks/${task.id}/suggestions`, {
      method: "POST",
      headers: { authorization: `Bearer ${labelerToken}`, accept: "text/event-stream" },
    });
    if (response.status !== 200) throw new Error(`suggestions answered ${response.status}: ${await response.text()}`);
    const at = await firstText(response, /^event: delta$/m);
    return at === null ? null : at - start;
  };
  const direct = async () => {
    const start = performance.now();
    const response = await fetch(`${model.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "bench-model",
        stream: true,
        messages: [{ role: "user", content: "Question 1: explain how tides work, briefly." }],
      }),
    });
    const at = await firstText(response, /"delta":\{"content":"[^"]/);
    return at === null ? null : at - start;
  };
  // The first request gets the suggestion generated ahead (no model call); then both paths warm up.
  for (let i = 0; i < 20; i++) {
    await throughExemplar();
    await direct();
  }
  const ttft = { exemplar: [] as number[], direct: [] as number[] };
  for (let i = 0; i < TTFT_RUNS; i++) {
    const a = await throughExemplar();
    const b = await direct();
    if (a !== null) ttft.exemplar.push(a);
    if (b !== null) ttft.direct.push(b);
  }
  const { peakRss, hwm } = memory.stop();
  const workerPeak = workerMemory?.stop();
  const p = (values: number[], q: number) => percentile(values, q);
  const added = { p50: p(ttft.exemplar, 50) - p(ttft.direct, 50), p99: p(ttft.exemplar, 99) - p(ttft.direct, 99) };
  console.log(
    `\ntime to first token over ${TTFT_RUNS} requests each (ms): straight from the model p50 ${fixed(p(ttft.direct, 50))}, p99 ${fixed(p(ttft.direct, 99))}; through Exemplar p50 ${fixed(p(ttft.exemplar, 50))}, p99 ${fixed(p(ttft.exemplar, 99))}`,
  );
  console.log(
    `added by Exemplar: p50 ${fixed(added.p50)} ms, p99 ${fixed(added.p99)} ms (target p99 ≤ 20 ms: ${verdict(added.p99, 20, "max")})`,
  );
  console.log(
    `server peak RSS while generating and streaming: ${fixed(peakRss / MB, 0)} MB (VmHWM since start ${fixed(hwm / MB, 0)} MB; target ≤ 300 MB: ${verdict(peakRss / MB, 300, "max")})${worker ? ", without the worker" : ", its worker included"}`,
  );
  if (workerPeak)
    console.log(
      `worker process peak RSS while generating: ${fixed(workerPeak.peakRss / MB, 0)} MB (VmHWM since start ${fixed(workerPeak.hwm / MB, 0)} MB); the two together: ${fixed((peakRss + workerPeak.peakRss) / MB, 0)} MB`,
    );
  console.log(
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after generating ${loadAfterGeneration.map((l) => l.toFixed(2)).join(" ")}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    JSON.stringify({
      worker: WORKER,
      prompts: progress.done,
      seconds: Number(fixed(seconds, 2)),
      perSecond: Math.round(perSecond),
      ratio: Number(fixed(perSecond / LIMIT_PER_SECOND, 2)),
      directPerSecond: Math.round(baseline),
      serverCpuMsPerPrompt: Number(fixed(cpuMsPerPrompt.server, 2)),
      ...(worker ? { workerCpuMsPerPrompt: Number(fixed(cpuMsPerPrompt.worker, 2)) } : {}),
      idleRssMb: Math.round(idleRss / MB),
      peakInFlight: served.peakInFlight,
      peakRssMb: Math.round(peakRss / MB),
      ...(workerPeak ? { workerPeakRssMb: Math.round(workerPeak.peakRss / MB) } : {}),
      ttftAddedP50Ms: Number(fixed(added.p50)),
      ttftAddedP99Ms: Number(fixed(added.p99)),
    }),
  );
  await worker?.stop();
  await server.stop();
  model.stop();
  await db.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
