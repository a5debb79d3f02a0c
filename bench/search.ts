/**
 * `npm run bench:search`: seeds BENCH_PROMPTS (default 1,000,000) prompts into one project straight in SQL
 * (generate_series), 1 % of them answered, then times the prompts search (lib/search, the function behind
 * `GET /api/v1/projects/{id}/prompts`) in-process: common, medium and rare words, two words, a word no prompt
 * has, an external id exactly and by its start, the filters, and the next page. Prints p50 and p95 per query
 * type, their ratios to a plain primary-key lookup timed in the same run, and the load average before and
 * after (target: every p95 ≤ 300 ms). docs/performance.md has the figures.
 *
 * Env: BENCH_PROMPTS, BENCH_RUNS (timed runs per query type, default 40), BENCH_DATABASE (default
 * exemplar_bench_search), BENCH_REUSE=1 (keep an already seeded database), BENCH_POSTGRES_URL.
 */
import { loadavg } from "node:os";
import type { Client } from "pg";
import type { Actor } from "@/lib/auth/permissions";
import { benchDatabaseUrl, connect, createBenchProject, recreateBenchDatabase } from "./support/bench-database";
import { count, elapsedSince, fixed, machine, percentile, verdict } from "./support/report";

const PROMPTS = Number(process.env.BENCH_PROMPTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const BATCH = 100_000;
const TARGET_MS = 300;
const SLUG = "bench-search";

/**
 * Prompt i's text, about 500 characters: filler every prompt has ("please", "explain", …), 16 words from a
 * vocabulary of 5,000 (`t…`, each in ≈ 3,000 prompts), one of 100 (`m…`, 1 %), one of 100,000 (`r…`, 10
 * prompts each) and one of its own (`u…`). Multiplicative hashing spreads the vocabulary words.
 */
const TEXT_SQL = `'Question ' || i || ': please explain, step by step, how '
  || (SELECT string_agg('t' || ((i::bigint * (7919 + 104729 * k) + k * 31337) % 5000), ' ') FROM generate_series(1, 16) k)
  || ' relate to m' || (i % 100) || ' and r' || (i % 100000) || ' in case u' || i
  || '. Keep the answer short, cite the relevant section of the manual, and say plainly when you are not sure.'
  || ' The quick brown fox jumps over the lazy dog near the river bank while the team reviews the quarterly report.'`;

async function seed(db: Client, projectId: string, labelerId: string, guidelinesId: string): Promise<number> {
  const start = process.hrtime.bigint();
  // Built after the rows: one index build is far faster than a million index insertions.
  await db.query("DROP INDEX prompts_search_idx");
  await db.query("DROP INDEX prompts_external_id_prefix_idx");
  for (let from = 1; from <= PROMPTS; from += BATCH) {
    const to = Math.min(PROMPTS, from + BATCH - 1);
    await db.query(
      `INSERT INTO prompts (project_id, external_id, messages, slot_count, created_at)
       SELECT $1, 'ext-' || lpad(i::text, 7, '0'),
              jsonb_build_array(jsonb_build_object('role', 'user', 'content', ${TEXT_SQL}),
                                jsonb_build_object('role', 'assistant', 'content', null)),
              1, now() - ($4::int - i) * interval '1 minute'
         FROM generate_series($2::int, $3::int) i`,
      [projectId, from, to, PROMPTS],
    );
    process.stderr.write(`  seeded ${count(to)} prompts (${fixed(elapsedSince(start), 0)} s)\n`);
  }
  await db.query("SET maintenance_work_mem = '512MB'");
  await db.query(`CREATE INDEX prompts_search_idx ON prompts USING GIN (search)`);
  await db.query(`CREATE INDEX prompts_external_id_prefix_idx ON prompts (project_id, external_id text_pattern_ops)`);
  // Every 100th prompt answered once, half of those accepted.
  await db.query(
    `WITH t AS (
       INSERT INTO tasks (project_id, prompt_id, user_id, status, guidelines_version_id, expires_at, finished_at)
       SELECT project_id, id, $2, 'submitted', $3, now(), now() FROM prompts WHERE project_id = $1 AND seq % 100 = 0
       RETURNING id, prompt_id)
     INSERT INTO responses (task_id, project_id, prompt_id, author_id, guidelines_version_id, status, turns, token_count)
     SELECT t.id, $1, t.prompt_id, $2, $3,
            (CASE WHEN hashtext(t.prompt_id::text) % 2 = 0 THEN 'accepted' ELSE 'submitted' END)::"ResponseStatus",
            '["An answer to the question."]', 6
       FROM t`,
    [projectId, labelerId, guidelinesId],
  );
  await db.query("VACUUM ANALYZE prompts");
  await db.query("VACUUM ANALYZE responses");
  await db.query("VACUUM ANALYZE tasks");
  return elapsedSince(start);
}

type Case = { label: string; query: (run: number) => Record<string, string> };

const pick = (run: number, n: number) => ((run * 7_654_321 + 12_345) % n) + 1;
const ext = (i: number) => `ext-${String(i).padStart(7, "0")}`;

async function main() {
  const url = await benchDatabaseUrl("exemplar_bench_search");
  const reuse = process.env.BENCH_REUSE === "1";
  if (!reuse) await recreateBenchDatabase(url);
  const db = await connect(url);
  console.log(await machine(db));

  let projectId: string;
  let adminId: string;
  const existing = reuse
    ? (await db.query<{ id: string }>("SELECT id FROM projects WHERE slug = $1", [SLUG])).rows[0]
    : undefined;
  if (existing) {
    projectId = existing.id;
    adminId = (await db.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' LIMIT 1")).rows[0]!.id;
    console.log(`reusing the seeded database (${url.replace(/\/\/[^@]*@/, "//")})`);
  } else {
    const project = await createBenchProject(db, SLUG);
    projectId = project.projectId;
    adminId = project.adminId;
    const seconds = await seed(db, projectId, project.labelerId, project.guidelinesId);
    console.log(`seeded ${count(PROMPTS)} prompts in ${fixed(seconds, 0)} s`);
  }
  const sizes = await db.query<{ rows: string; table: string; search: string }>(
    `SELECT (SELECT count(*) FROM prompts)::text AS rows,
            pg_size_pretty(pg_table_size('prompts')) AS table,
            pg_size_pretty(pg_relation_size('prompts_search_idx')) AS search`,
  );
  const s = sizes.rows[0]!;
  console.log(`prompts: ${count(Number(s.rows))} rows, table ${s.table}, GIN index ${s.search}`);

  // The app's own code on this database: lib/db reads DATABASE_URL when first used.
  process.env.DATABASE_URL = url;
  const { prisma } = await import("@/lib/db");
  const { searchPrompts } = await import("@/lib/search/search-prompts");
  const { SearchPromptsQuery } = await import("@/lib/search/schemas");
  const actor: Actor = { id: adminId, email: "admin@bench.test", name: "Bench Admin", role: "admin", via: "token" };
  const search = (query: Record<string, string>) => searchPrompts(actor, projectId, SearchPromptsQuery.parse(query));

  const ids = (await db.query<{ id: string }>("SELECT id FROM prompts ORDER BY random() LIMIT $1", [RUNS])).rows;
  const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const weekAfter = new Date(Date.now() - 358 * 86_400_000).toISOString();
  const firstPage = async (q: Record<string, string>) => (await search(q)).nextCursor ?? "0";
  const cursors = {
    common: await firstPage({ q: "please" }),
    medium: await firstPage({ q: "m37" }),
    unanswered: await firstPage({ status: "unanswered" }),
  };

  const cases: Case[] = [
    { label: "first page, no search", query: () => ({}) },
    { label: "common word (every prompt)", query: (r) => ({ q: ["please", "quarterly", "manual"][r % 3]! }) },
    { label: "medium word (1 %)", query: (r) => ({ q: `m${r % 100}` }) },
    { label: "vocabulary word (≈ 0.1–0.3 %)", query: (r) => ({ q: `t${pick(r, 5000) - 1}` }) },
    { label: "rare word (10 prompts)", query: (r) => ({ q: `r${pick(r, 100_000) - 1}` }) },
    { label: "unique word (1 prompt)", query: (r) => ({ q: `u${pick(r, PROMPTS)}` }) },
    { label: "two words", query: (r) => ({ q: `m${r % 100} t${pick(r, 5000) - 1}` }) },
    { label: "a word no prompt has", query: (r) => ({ q: `absent${r}` }) },
    { label: "external id, exact", query: (r) => ({ q: ext(pick(r, PROMPTS)) }) },
    { label: "external id, prefix (100)", query: (r) => ({ q: ext(pick(r, PROMPTS)).slice(0, -2) }) },
    { label: "external id, prefix (every)", query: () => ({ q: "ext-" }) },
    { label: "status accepted (0.5 %)", query: () => ({ status: "accepted" }) },
    { label: "status unanswered (99 %)", query: () => ({ status: "unanswered" }) },
    { label: "imported last 30 days (4 %)", query: () => ({ since: lastMonth }) },
    { label: "imported last year (53 %)", query: () => ({ since: lastYear }) },
    { label: "imported in one week, a year ago", query: () => ({ since: lastYear, until: weekAfter }) },
    { label: "word + status", query: (r) => ({ q: `m${r % 100}`, status: "submitted" }) },
    { label: "next page, common word", query: () => ({ q: "please", cursor: cursors.common }) },
    { label: "next page, medium word", query: () => ({ q: "m37", cursor: cursors.medium }) },
    { label: "next page, unanswered", query: () => ({ status: "unanswered", cursor: cursors.unanswered }) },
  ];

  const time = async (fn: (run: number) => Promise<unknown>) => {
    for (let run = 0; run < 3; run++) await fn(run + RUNS); // warm-up: plans, caches
    const ms: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = process.hrtime.bigint();
      await fn(run);
      ms.push(elapsedSince(start) * 1000);
    }
    return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
  };

  const loadBefore = loadavg();
  const baseline = await time(
    (run) => prisma.$queryRaw`SELECT id FROM prompts WHERE id = ${ids[run % ids.length]!.id}::uuid`,
  );
  const results: Array<{ label: string; p50: number; p95: number; items: number }> = [];
  for (const c of cases) {
    const items = (await search(c.query(0))).items.length;
    results.push({ label: c.label, items, ...(await time((run) => search(c.query(run)))) });
  }
  const loadAfter = loadavg();

  const rows = [
    ["query", "rows", "p50 ms", "p95 ms", "p50 / baseline p50", "p95 / baseline p95"],
    ["baseline: prompt by primary key", "1", fixed(baseline.p50, 2), fixed(baseline.p95, 2), "1", "1"],
    ...results.map((r) => [
      r.label,
      String(r.items),
      fixed(r.p50, 1),
      fixed(r.p95, 1),
      fixed(r.p50 / baseline.p50, 1),
      fixed(r.p95 / baseline.p95, 1),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log("");
  for (const row of rows)
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
  const worst = Math.max(...results.map((r) => r.p95));
  console.log(`\nworst p95: ${fixed(worst, 1)} ms (target ≤ ${TARGET_MS} ms): ${verdict(worst, TARGET_MS, "max")}`);
  console.log(
    `runs per query: ${RUNS}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
  );
  await db.end();
  await prisma.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
