/**
 * `npm run bench:import`: imports BENCH_ROWS (default 200,000) prompts from a generated JSONL file through
 * `POST /api/v1/projects/{id}/prompts` of the production server (validation, all-or-nothing transaction), and
 * the same rows through `COPY prompts … FROM STDIN` (no validation, no duplicate handling); prints rows/s, the
 * ratio and the server's peak RSS (targets: ratio ≥ 0.3, RSS ≤ 400 MB). docs/performance.md has the figures.
 *
 * Env: BENCH_ROWS, BENCH_APP_DIR (a directory with a production build; default this checkout), BENCH_DATABASE
 * (default exemplar_bench_import, recreated each run), BENCH_POSTGRES_URL.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import type { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { countTurnTokens } from "@/lib/conversation/tokens";
import { promptCopyFields } from "@/lib/import/sql/import-rows";
import { MAX_LINE_BYTES, PromptLineChecker } from "@/lib/import/parse-prompts-jsonl";
import { readJsonlLines } from "@/lib/import/read-jsonl-lines";
import { appDir, assertBuilt, memoryOf, sampleMemory, startServer } from "./support/bench-server";
import { benchDatabaseUrl, connect, createBenchProject, recreateBenchDatabase } from "./support/bench-database";
import { count, elapsedSince, fixed, machine, MB, printEndpointVsCopy, type Measurement } from "./support/report";

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const RATIO_TARGET = 0.3;
const RSS_TARGET_MB = 400;

/** A system prompt ≈ 30 tokens and a user prompt ≈ 100 in the shapes people import: prompt, messages, turns. */
function promptLine(i: number): string {
  const tag = ((i * 2654435761) >>> 0).toString(36);
  const system = `You are a careful assistant for the ${tag} support team. Answer plainly, keep it short, and say so when you are not sure.`;
  const ask = `Question ${i}: could you explain how order ${tag} relates to the "quarterly" report for our region, and what I should check next? `;
  const prompt = `${ask.repeat(3)}Please answer step by step — naïvely if you must.`;
  const id = `imp-${i}`;
  switch (i % 10) {
    case 8:
      return JSON.stringify({
        id,
        messages: [
          { role: "system", content: system },
          { role: "user", content: prompt },
        ],
        source: "bench",
      });
    case 9:
      return JSON.stringify({ id, system, turns: [prompt, "And a follow-up question?"], category: "multi-turn" });
    default:
      return JSON.stringify({ id, system, prompt, category: i % 3 === 0 ? "billing" : "shipping" });
  }
}

async function writeFile(file: string, lines: (i: number) => string, rows = ROWS): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 1; i <= rows; i++) {
    if (!out.write(`${lines(i)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** The same prompts as COPY rows for `prompts`, made with the import's own checks (outside the measured time). */
async function writeCopyFile(jsonl: string, file: string, projectId: string): Promise<void> {
  const out = createWriteStream(file);
  const checker = new PromptLineChecker();
  for await (const { line, text, bytes } of readJsonlLines(createReadStream(jsonl), { maxLineBytes: MAX_LINE_BYTES })) {
    const result = checker.check(line, text, bytes);
    if (!result?.ok) throw new Error(`line ${line} of the generated file is not valid`);
    if (!out.write(`${projectId}\t${promptCopyFields(result.prompt)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function viaCopy(db: Client, file: string, bytes: number): Promise<Measurement> {
  const start = process.hrtime.bigint();
  const copy = db.query(copyFrom("COPY prompts (project_id, external_id, messages, slot_count, metadata) FROM STDIN"));
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), copy);
  return { label: "COPY … FROM STDIN", rows: copy.rowCount, bytes, seconds: elapsedSince(start) };
}

function viaEndpoint(
  serverUrl: string,
  token: string,
  projectId: string,
  file: string,
  bytes: number,
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request(
      `${serverUrl}/api/v1/projects/${projectId}/prompts`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson", "content-length": bytes },
      },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => {
          if (res.statusCode !== 200)
            return reject(new Error(`import answered ${res.statusCode}: ${body.slice(0, 2000)}`));
          const { imported } = JSON.parse(body) as { imported: number };
          resolve({ label: "endpoint (HTTP)", rows: imported, bytes, seconds: elapsedSince(start) });
        });
      },
    );
    req.on("error", reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
}

/** Both measurements start from an empty prompts table and a fresh checkpoint, so neither pays for the other. */
async function resetPrompts(db: Client): Promise<void> {
  await db.query("TRUNCATE prompts CASCADE");
  await db.query("CHECKPOINT");
}

async function main() {
  const dir = appDir();
  assertBuilt(dir);
  const url = await benchDatabaseUrl("exemplar_bench_import");
  await recreateBenchDatabase(url);
  const db = await connect(url);
  const work = await mkdtemp(path.join(tmpdir(), "exemplar-bench-import-"));
  try {
    const httpProject = await createBenchProject(db, "bench-import-http");
    const copyProject = await createBenchProject(db, "bench-import-copy");
    const jsonl = path.join(work, "prompts.jsonl");
    const copyRows = path.join(work, "prompts.copy");
    console.log(`generating ${count(ROWS)} prompts…`);
    await writeFile(jsonl, promptLine);
    await writeCopyFile(jsonl, copyRows, copyProject.projectId);
    const jsonlBytes = (await stat(jsonl)).size;
    const copyBytes = (await stat(copyRows)).size;
    console.log(await machine(db));
    const sample = JSON.parse(promptLine(1)) as { system: string; prompt: string };
    console.log(
      `file: ${fixed(jsonlBytes / MB)} MB of JSONL; tokens (o200k_base): system ${countTurnTokens(sample.system)}, prompt ${countTurnTokens(sample.prompt)}`,
    );

    // The default limit (64 MiB) is below a 200,000-prompt file; the server gets one that fits.
    const limit = String(Math.max(64 * 1024 * 1024, jsonlBytes + MB));
    const server = await startServer(dir, url, { EXEMPLAR_MAX_IMPORT_BYTES: limit });
    try {
      console.log(
        `server: ${server.url} (pid ${server.pid}, RSS after start ${fixed(memoryOf(server.pid).rss / MB, 0)} MB), app ${dir}`,
      );
      // One small unmeasured import first: the server loads the route's code on its first request.
      const warmup = path.join(work, "warmup.jsonl");
      await writeFile(warmup, promptLine, 100);
      await viaEndpoint(server.url, httpProject.token, httpProject.projectId, warmup, (await stat(warmup)).size);
      await resetPrompts(db);
      const copy = await viaCopy(db, copyRows, copyBytes);
      await resetPrompts(db);
      const memory = sampleMemory(server.pid);
      const endpoint = await viaEndpoint(server.url, httpProject.token, httpProject.projectId, jsonl, jsonlBytes);
      const { peakRss, hwm } = memory.stop();
      for (const m of [endpoint, copy])
        if (m.rows !== ROWS) throw new Error(`${m.label} stored ${m.rows} rows, expected ${ROWS}`);

      console.log(`\nimport of ${count(ROWS)} prompts (MB: the JSONL file for the endpoint, the COPY text for COPY)`);
      const ratio = printEndpointVsCopy(
        endpoint,
        copy,
        { ratio: RATIO_TARGET, rssMb: RSS_TARGET_MB, doing: "importing" },
        { peakRss, hwm },
      );
      console.log(
        JSON.stringify({
          bench: "import",
          rows: ROWS,
          endpoint,
          copy,
          ratio,
          peakRssMb: peakRss / MB,
          hwmMb: hwm / MB,
        }),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await db.end();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
