/**
 * `npm run bench:export`: streams BENCH_ROWS (default 1,000,000) accepted responses through
 * `GET /api/v1/projects/{id}/export?format=openai` of the production server, and the same rows through
 * PostgreSQL's own `COPY (SELECT json_build_object('messages', …)) TO STDOUT`; prints rows/s, MB/s, the ratio
 * and the server's peak RSS (targets: ratio ≥ 0.6, RSS ≤ 300 MB). docs/performance.md has the figures.
 *
 * Env: BENCH_ROWS, BENCH_APP_DIR (a directory with a production build; default this checkout),
 * BENCH_DATABASE (default exemplar_bench_export), BENCH_POSTGRES_URL, BENCH_RESEED=1 (seed even when the
 * database already holds BENCH_ROWS rows), BENCH_RUNS (measurements of each, default 1; the best is kept).
 */
import { get } from "node:http";
import { to as copyTo } from "pg-copy-streams";
import type { Client } from "pg";
import { countTurnTokens } from "@/lib/conversation/tokens";
import { appDir, assertBuilt, memoryOf, sampleMemory, startServer } from "./support/bench-server";
import {
  benchDatabaseUrl,
  connect,
  createBenchProject,
  createBenchToken,
  rebuildAnalytics,
  recreateBenchDatabase,
  withTriggersOff,
} from "./support/bench-database";
import {
  count,
  elapsedSince,
  fixed,
  machine,
  MB,
  printEndpointVsCopy,
  rowsPerSecond,
  type Measurement,
} from "./support/report";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SLUG = "bench-export";
const RATIO_TARGET = 0.6;
const RSS_TARGET_MB = 300;

/**
 * Text of realistic size, made in SQL so a million rows take seconds, not minutes: system ≈ 30 tokens, prompt ≈
 * 100, response ≈ 400 (o200k_base; the bench prints the measured counts). The response carries a newline, quotes
 * and a non-ASCII character so JSON escaping is exercised.
 */
const SYSTEM_SQL = `'You are a careful assistant for the ' || substr(md5(i::text), 1, 6) || ' support team. Answer plainly, keep it short, and say so when you are not sure.'`;
const PROMPT_SQL = `'Question ' || i || E':\\n' || repeat('Could you explain how order ' || substr(md5((i + 1)::text), 1, 10) || ' relates to the "quarterly" report for our region, and what I should check next? ', 3)`;
const RESPONSE_SQL = `repeat('Short answer: order ' || substr(md5((i * 7)::text), 1, 10) || E' is tracked weekly.\\nIn more detail — the "pipeline" view lists every shipment, its carrier and the date it left the warehouse, so you can compare it with the report line by line. ', 8)`;

async function seed(db: Client) {
  const { projectId, labelerId, guidelinesId } = await createBenchProject(db, SLUG);
  // A step is a statement, or any work (the summaries' rebuild), timed.
  const step = async (label: string, work: string | (() => Promise<unknown>), params: unknown[] = []) => {
    const start = process.hrtime.bigint();
    await (typeof work === "string" ? db.query(work, params) : work());
    console.log(`  ${label}: ${fixed(elapsedSince(start))} s`);
  };
  // The analytics summaries' row triggers are off while the rows arrive (with each row updating the same
  // project's summary, an insert of 300,000 responses had not finished after 7 minutes) and the summaries are
  // computed once afterwards, as after any bulk load.
  await withTriggersOff(db, ["prompts", "responses"], async () => {
    await step(
      "prompts",
      `INSERT INTO prompts (project_id, external_id, messages, slot_count, taken)
     SELECT $1::uuid, 'b' || i, jsonb_build_array(
              jsonb_build_object('role', 'system', 'content', ${SYSTEM_SQL}),
              jsonb_build_object('role', 'user', 'content', ${PROMPT_SQL}),
              jsonb_build_object('role', 'assistant', 'content', null)), 1, 1
       FROM generate_series(1, $2::int) AS i`,
      [projectId, ROWS],
    );
    await step(
      "tasks",
      `INSERT INTO tasks (project_id, prompt_id, user_id, status, guidelines_version_id, expires_at, finished_at)
     SELECT project_id, id, $2::uuid, 'submitted', $3::uuid, now(), now() FROM prompts WHERE project_id = $1 ORDER BY seq`,
      [projectId, labelerId, guidelinesId],
    );
    await step(
      "responses",
      `INSERT INTO responses (task_id, project_id, prompt_id, author_id, guidelines_version_id, status, turns, token_count)
     SELECT t.id, t.project_id, t.prompt_id, t.user_id, t.guidelines_version_id, 'accepted',
            jsonb_build_array(${RESPONSE_SQL}), 400
       FROM tasks t JOIN prompts p ON p.id = t.prompt_id, LATERAL (SELECT p.seq AS i) s
      WHERE t.project_id = $1 ORDER BY p.seq`,
      [projectId],
    );
  });
  await step("analytics summaries", () => rebuildAnalytics(db, projectId));
  // Hint bits and the visibility map set now, so no measured read pays for writing them.
  await step("vacuum analyze", "VACUUM (ANALYZE) prompts, tasks, responses", []);
}

/** Reuses a database seeded by an earlier run with the same row count (seeding a million rows takes minutes). */
async function seededProject(db: Client): Promise<{ projectId: string; adminId: string } | null> {
  try {
    const { rows } = await db.query<{ id: string; admin_id: string; n: number }>(
      `SELECT p.id, (SELECT id FROM users WHERE email = $2) AS admin_id,
              (SELECT count(*)::int FROM responses r WHERE r.project_id = p.id AND r.status = 'accepted') AS n
         FROM projects p WHERE p.slug = $1`,
      [SLUG, `admin-${SLUG}@bench.test`],
    );
    const row = rows[0];
    return row && row.n === ROWS && row.admin_id ? { projectId: row.id, adminId: row.admin_id } : null;
  } catch {
    return null;
  }
}

async function tokenSizes(db: Client, projectId: string): Promise<string> {
  const { rows } = await db.query<{ messages: { content: string }[]; turns: string[] }>(
    `SELECT p.messages, r.turns FROM responses r JOIN prompts p ON p.id = r.prompt_id WHERE r.project_id = $1 ORDER BY r.seq LIMIT 1`,
    [projectId],
  );
  const { messages, turns } = rows[0]!;
  const [system, prompt] = messages.map((m) => countTurnTokens(m.content ?? ""));
  return `tokens per row (o200k_base): system ${system}, prompt ${prompt}, response ${countTurnTokens(turns[0]!)}`;
}

/** The endpoint, read by a client that only counts bytes and newlines (and hangs up after `stopAfter` bytes). */
function viaEndpoint(serverUrl: string, token: string, projectId: string, stopAfter = Infinity): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const request = get(
      `${serverUrl}/api/v1/projects/${projectId}/export?format=openai`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => reject(new Error(`export answered ${res.statusCode}: ${body}`)));
          return;
        }
        let bytes = 0;
        let rows = 0;
        const done = () => resolve({ label: "endpoint (HTTP)", rows, bytes, seconds: elapsedSince(start) });
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
          if (bytes >= stopAfter) {
            request.destroy();
            done();
          }
        });
        res.on("end", done);
        res.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

/**
 * PostgreSQL writing the same lines itself. Every bench prompt is [system, user, slot] with one turn, so filling
 * the slot is a json_build_array of the two messages and the turn.
 */
async function viaCopy(db: Client, projectId: string): Promise<Measurement> {
  const sql = `COPY (
      SELECT json_build_object('messages', json_build_array(p.messages->0, p.messages->1,
               json_build_object('role', 'assistant', 'content', r.turns->>0)))
        FROM responses r JOIN prompts p ON p.id = r.prompt_id
       WHERE r.project_id = '${projectId}' AND r.status = 'accepted'
       ORDER BY r.seq) TO STDOUT`;
  const start = process.hrtime.bigint();
  const stream = db.query(copyTo(sql));
  let bytes = 0;
  let rows = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  }
  return { label: "COPY … TO STDOUT", rows, bytes, seconds: elapsedSince(start) };
}

function best(list: Measurement[]): Measurement {
  return list.reduce((a, b) => (rowsPerSecond(b) > rowsPerSecond(a) ? b : a));
}

async function main() {
  const dir = appDir();
  assertBuilt(dir);
  const url = await benchDatabaseUrl("exemplar_bench_export");
  const name = new URL(url).pathname.slice(1);
  let db = await connect(url).catch(() => null); // null when the database does not exist yet
  // BENCH_RESEED=1 seeds again even over a database that holds the rows; the check after seeding still reads them.
  let seeded = db && process.env.BENCH_RESEED !== "1" ? await seededProject(db) : null;
  if (!seeded) {
    await db?.end();
    console.log(`seeding ${count(ROWS)} accepted responses into ${name}…`);
    await recreateBenchDatabase(url);
    db = await connect(url);
    await seed(db);
    seeded = await seededProject(db);
    if (!seeded) throw new Error("seeding did not produce the expected rows");
  } else {
    console.log(`reusing the ${count(ROWS)} rows already in ${name} (BENCH_RESEED=1 to seed again)`);
  }
  const { projectId, adminId } = seeded;
  const token = await createBenchToken(db!, adminId);
  console.log(await machine(db!));
  console.log(await tokenSizes(db!, projectId));

  const server = await startServer(dir, url);
  try {
    console.log(
      `server: ${server.url} (pid ${server.pid}, RSS after start ${fixed(memoryOf(server.pid).rss / MB, 0)} MB), app ${dir}`,
    );
    console.log("warming up (one unmeasured COPY, so both read from the page cache, and the start of an export)…");
    await viaCopy(db!, projectId);
    await viaEndpoint(server.url, token, projectId, 1024 * 1024);
    const endpoints: Measurement[] = [];
    const copies: Measurement[] = [];
    let peakRss = 0;
    let hwm = 0;
    for (let run = 0; run < RUNS; run++) {
      const memory = sampleMemory(server.pid);
      endpoints.push(await viaEndpoint(server.url, token, projectId));
      const sample = memory.stop();
      peakRss = Math.max(peakRss, sample.peakRss);
      hwm = sample.hwm;
      copies.push(await viaCopy(db!, projectId));
    }
    const endpoint = best(endpoints);
    const copy = best(copies);
    for (const m of [endpoint, copy])
      if (m.rows !== ROWS) throw new Error(`${m.label} returned ${m.rows} rows, expected ${ROWS}`);
    console.log(`\nexport of ${count(ROWS)} accepted responses, format=openai${RUNS > 1 ? ` (best of ${RUNS})` : ""}`);
    const ratio = printEndpointVsCopy(
      endpoint,
      copy,
      { ratio: RATIO_TARGET, rssMb: RSS_TARGET_MB, doing: "exporting" },
      { peakRss, hwm },
    );
    console.log(
      JSON.stringify({ bench: "export", rows: ROWS, endpoint, copy, ratio, peakRssMb: peakRss / MB, hwmMb: hwm / MB }),
    );
  } finally {
    await server.stop();
    await db!.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
