/**
 * `npm run bench:scale`: seeds one project with BENCH_RESPONSES (default 1,000,000) responses straight in SQL
 * (generate_series): two responses per prompt, 10 % of them revised once, about 72 % reviewed (accepted,
 * rejected, sent back for revision, with rubric scores), 1 % with a second opinion, rankings on 5 % of the
 * prompts, 200 labelers and 20 reviewers (all members), 1,000,000 audit events, and five small projects beside
 * it. Then it starts the production server and times every page of app/(app) (as an admin, a reviewer and a
 * labeler, signed in with a session cookie) and every list API of app/api/v1 (bearer token): the first request
 * of each route after the server started ("cold": the route's code not yet loaded, its statements not yet
 * prepared on the pool's connections; PostgreSQL's and the OS's caches are as the seeding left them, warm),
 * then BENCH_RUNS more ("warm"). Prints route, cold ms, warm p50 and p95 against the target (p95 ≤ 300 ms),
 * the worst, and the load average before and after. docs/performance.md ("Scale") has the figures.
 *
 * Env: BENCH_RESPONSES, BENCH_AUDIT_EVENTS (default 1,000,000), BENCH_RUNS (warm runs per route, default 20),
 * BENCH_DATABASE (default exemplar_bench_scale), BENCH_REUSE=1 (keep an already seeded database),
 * BENCH_APP_DIR (a directory with a production build; NEXT_DIST_DIR picks the build folder),
 * BENCH_POSTGRES_URL, BENCH_ONLY (substrings, comma-separated: time only the routes whose label contains one),
 * BENCH_SEED_ONLY=1
 * (seed, then stop: no server needed).
 * For a quick check: BENCH_RESPONSES=20000 BENCH_AUDIT_EVENTS=20000 npm run bench:scale.
 */
import { request } from "node:http";
import { loadavg } from "node:os";
import type { Client } from "pg";
import { hashPassword } from "@/lib/auth/password";
import { migrate } from "@/lib/migrations/migrate";
import { appDir, assertBuilt, startServer } from "./support/bench-server";
import {
  benchDatabaseUrl,
  connect,
  createBenchToken,
  rebuildAnalytics,
  recreateBenchDatabase,
  withTriggersOff,
} from "./support/bench-database";
import { count, elapsedSince, fixed, machine, percentile, verdict } from "./support/report";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const ONLY = process.env.BENCH_ONLY ?? "";
const LABELERS = 200;
const REVIEWERS = 20;
const SMALL_PROJECTS = 5;
const SLUG = "bench-scale";
const PASSWORD = "bench-scale-password";
const TARGET_MS = 300;

/** The text of a response, about 300 characters, different per row. */
const TURN_SQL = `'Answer ' || r.seq || ': check the settings page of account ' || substr(md5(r.seq::text), 1, 8)
  || ', then save. If the order still shows as pending after an hour, write to support with the order number'
  || ' and the date; they answer within a day. Keep the receipt until the refund arrives.'`;

/**
 * Drops a table's plain indexes (not those behind its primary key or unique constraints), runs `fill`, then
 * builds them again: one build per index is far faster than a million insertions into each.
 */
async function withoutIndexes(db: Client, tables: string[], fill: () => Promise<void>): Promise<void> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  await fill();
  await db.query("SET maintenance_work_mem = '512MB'");
  for (const r of rows) await db.query(r.def);
}

async function step(label: string, run: () => Promise<unknown>): Promise<void> {
  const start = process.hrtime.bigint();
  await run();
  process.stderr.write(`  ${label}: ${fixed(elapsedSince(start))} s\n`);
}

/** Users with a real password hash (one hash for all: the bench signs in as a few of them). */
async function seedUsers(db: Client): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  await db.query(
    `INSERT INTO users (email, name, role, password_hash)
     SELECT 'admin@bench.test', 'Bench Admin', 'admin'::"Role", $1
     UNION ALL SELECT 'labeler-' || lpad(i::text, 3, '0') || '@bench.test', 'Labeler ' || i, 'labeler', $1
       FROM generate_series(1, $2::int) i
     UNION ALL SELECT 'reviewer-' || lpad(i::text, 2, '0') || '@bench.test', 'Reviewer ' || i, 'reviewer', $1
       FROM generate_series(1, $3::int) i`,
    [hash, LABELERS, REVIEWERS],
  );
  // Numbered copies for the seeding statements: labeler n (0-based), reviewer n.
  await db.query(
    `CREATE TABLE bench_labelers AS SELECT (row_number() OVER (ORDER BY email) - 1)::int AS n, id FROM users WHERE role = 'labeler'`,
  );
  await db.query(
    `CREATE TABLE bench_reviewers AS SELECT (row_number() OVER (ORDER BY email) - 1)::int AS n, id FROM users WHERE role = 'reviewer'`,
  );
}

// A response's length and active time, spread as real ones are (40–600 tokens, 30 s to 5 min of writing) and
// drawn from a hash of its number: the medians' summaries keep values in buckets of two significant digits, and
// a data set where every response had the same time would put all of a labeler's values in one bucket.
const TOKENS_SQL = "40 + abs(hashtext('tokens' || r.seq)) % 561";
const ACTIVE_MS_SQL = "30000 + abs(hashtext('active' || r.seq)) % 270001";

/**
 * One project with `responses` responses, two per prompt, plus 1 % more prompts nobody answered yet (so the
 * labeling screen has work). Statuses: 60 % accepted, 8 % rejected, 4 % needs revision, 28 % waiting for
 * review; every tenth response has a second revision, reviewed first with "revise".
 */
async function seedProject(db: Client, slug: string, responses: number): Promise<string> {
  const adminId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'admin@bench.test'")).rows[0]!.id;
  const {
    rows: [project],
  } = await db.query<{ id: string }>(
    `INSERT INTO projects (slug, name, responses_per_prompt, second_opinion_rate, reject_reasons)
     VALUES ($1, $2, 2, 0.01, ARRAY['Wrong', 'Unsafe', 'Off topic']) RETURNING id`,
    [slug, `Bench ${slug}`],
  );
  const projectId = project!.id;
  const {
    rows: [guidelines],
  } = await db.query<{ id: string }>(
    `INSERT INTO guidelines_versions (project_id, version, markdown, created_by_id) VALUES ($1, 1, '# Bench\n\nWrite well.', $2) RETURNING id`,
    [projectId, adminId],
  );
  const guidelinesId = guidelines!.id;
  await db.query(
    `INSERT INTO project_members (project_id, user_id, role)
     SELECT $1, id, role::text::"ProjectRole" FROM users WHERE role IN ('labeler', 'reviewer')`,
    [projectId],
  );
  const prompts = Math.ceil(responses / 2);
  const open = Math.max(10, Math.ceil(prompts / 100));
  const days = `interval '180 days'`;
  await step(`${slug}: prompts`, () =>
    db.query(
      `INSERT INTO prompts (project_id, external_id, messages, slot_count, taken, open, created_at)
       SELECT $1, 'ext-' || lpad(i::text, 7, '0'),
              jsonb_build_array(jsonb_build_object('role', 'user', 'content',
                'Question ' || i || ': how do I get a refund for order ' || substr(md5(i::text), 1, 10) || ' that arrived damaged?'),
                jsonb_build_object('role', 'assistant', 'content', null)),
              1, CASE WHEN i <= $2 THEN 2 ELSE 0 END, i > $2, now() - ${days} + (i::float / $3) * ${days}
         FROM generate_series(1, $3::int) i`,
      [projectId, prompts, prompts + open],
    ),
  );
  // Task k (0 or 1) of the prompt with number i is labeler (2i + k) mod 200's: the two always differ.
  await step(`${slug}: tasks`, () =>
    db.query(
      `INSERT INTO tasks (project_id, prompt_id, user_id, status, guidelines_version_id, claimed_at, expires_at, finished_at, active_ms)
       SELECT p.project_id, p.id, l.id, 'submitted', $2, p.created_at, p.created_at, p.created_at + interval '10 minutes', 300000
         FROM prompts p CROSS JOIN generate_series(0, 1) k
         JOIN bench_labelers l ON l.n = (p.seq * 2 + k) % ${LABELERS}
        WHERE p.project_id = $1 AND p.taken = 2
        ORDER BY p.seq, k`,
      [projectId, guidelinesId],
    ),
  );
  // Statuses, texts and revisions drawn from a hash of the response's number (seq), so each labeler (who
  // answers every 100th prompt) gets the same mix as the project; drawn here so one INSERT writes the row.
  await step(`${slug}: responses`, () =>
    db.query(
      `INSERT INTO responses (seq, task_id, project_id, prompt_id, author_id, guidelines_version_id, status, turns,
                              token_count, revision, second_opinion, active_ms, submitted_at, updated_at)
       SELECT r.seq, r.id, r.project_id, r.prompt_id, r.user_id, r.guidelines_version_id,
              (CASE WHEN r.h < 60 THEN 'accepted' WHEN r.h < 68 THEN 'rejected'
                    WHEN r.h < 72 THEN 'needs_revision' ELSE 'submitted' END)::"ResponseStatus",
              jsonb_build_array(${TURN_SQL}), ${TOKENS_SQL}, CASE WHEN r.h % 10 = 3 THEN 2 ELSE 1 END, r.h = 1,
              ${ACTIVE_MS_SQL}, r.finished_at, r.finished_at
         FROM (SELECT s.*, abs(hashtext(s.seq::text)) % 100 AS h
                 FROM (SELECT t.*, nextval(pg_get_serial_sequence('responses', 'seq'))::int AS seq
                         FROM tasks t WHERE t.project_id = $1 ORDER BY t.finished_at, t.id) s) r`,
      [projectId],
    ),
  );
  await step(`${slug}: revisions`, () =>
    db.query(
      `INSERT INTO response_revisions (response_id, number, turns, author_id, created_at)
       SELECT r.id, n, CASE WHEN n = r.revision THEN r.turns ELSE jsonb_build_array('First draft ' || r.seq) END,
              r.author_id, r.submitted_at + (n - 1) * interval '1 day'
         FROM responses r CROSS JOIN LATERAL generate_series(1, r.revision) n
        WHERE r.project_id = $1`,
      [projectId],
    ),
  );
  const scores = `jsonb_build_object('helpfulness', 1 + r.seq % 5, 'honesty', 1 + (r.seq / 5) % 5,
                    'harmlessness', 5 - r.seq % 2, 'guidelines', 1 + (r.seq / 7) % 5)`;
  await step(`${slug}: reviews`, () =>
    db.query(
      `INSERT INTO reviews (response_id, reviewer_id, decision, comment, reason, scores, revision, second_opinion, duration_ms, created_at)
       SELECT r.id, v.id, 'revise', 'Please add the order number.', NULL, NULL, 1, false, 45000, r.submitted_at + interval '2 hours'
         FROM responses r JOIN bench_reviewers v ON v.n = r.seq % ${REVIEWERS}
        WHERE r.project_id = $1 AND r.revision = 2
       UNION ALL
       SELECT r.id, v.id,
              (CASE r.status WHEN 'accepted' THEN 'accept' WHEN 'rejected' THEN 'reject' ELSE 'revise' END)::"ReviewDecision",
              CASE WHEN r.seq % 3 = 0 THEN 'Clear and correct.' END,
              CASE WHEN r.status = 'rejected' THEN 'Wrong' END,
              CASE WHEN r.status <> 'needs_revision' THEN ${scores} END,
              r.revision, false, 30000 + (r.seq % 60) * 1000, r.submitted_at + r.revision * interval '1 day'
         FROM responses r JOIN bench_reviewers v ON v.n = (r.seq / 3) % ${REVIEWERS}
        WHERE r.project_id = $1 AND r.status <> 'submitted'
       UNION ALL
       SELECT r.id, v.id, 'accept', NULL, NULL, ${scores}, r.revision, true, 40000, r.submitted_at + interval '3 days'
         FROM responses r JOIN bench_reviewers v ON v.n = (r.seq / 3 + 1) % ${REVIEWERS}
        WHERE r.project_id = $1 AND r.second_opinion AND r.status = 'accepted'`,
      [projectId],
    ),
  );
  // Grouped in one pass: the responses' prompt_id index is not there while seeding.
  await step(`${slug}: rankings`, () =>
    db.query(
      `INSERT INTO rankings (prompt_id, reviewer_id, response_ids, created_at, updated_at)
       SELECT p.id, v.id, agg.ids, p.created_at + interval '5 days', p.created_at + interval '5 days'
         FROM (SELECT r.prompt_id, jsonb_agg(r.id ORDER BY r.seq DESC) AS ids
                 FROM responses r JOIN prompts p ON p.id = r.prompt_id
                WHERE r.project_id = $1 AND p.seq % 20 = 0
                GROUP BY r.prompt_id) agg
         JOIN prompts p ON p.id = agg.prompt_id
         JOIN bench_reviewers v ON v.n = p.seq % ${REVIEWERS}`,
      [projectId],
    ),
  );
  return projectId;
}

/** Audit events over the last 180 days, oldest first: mostly review decisions, the other actions now and then. */
async function seedAudit(db: Client, projectIds: string[]): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, project_id, before, after, created_at)
     SELECT CASE WHEN a.kind < 85 THEN v.id ELSE l.id END,
            CASE WHEN a.kind < 70 THEN 'review.decide' WHEN a.kind < 80 THEN 'review.rank' WHEN a.kind < 85 THEN 'review.undo'
                 WHEN a.kind < 95 THEN 'response.revise' WHEN a.kind < 97 THEN 'export.run' WHEN a.kind < 98 THEN 'prompts.import'
                 ELSE 'project.update' END,
            CASE WHEN a.kind < 95 THEN 'response' ELSE 'project' END,
            md5(i::text)::uuid::text,
            ($2::uuid[])[1 + (CASE WHEN i % 10 = 0 THEN 1 + (i / 10) % (cardinality($2::uuid[]) - 1) ELSE 0 END)],
            jsonb_build_object('status', 'submitted'), jsonb_build_object('status', 'accepted', 'revision', 1),
            now() - interval '180 days' + (i::float / $1) * interval '180 days'
       FROM generate_series(1, $1::int) i
       CROSS JOIN LATERAL (SELECT (i * 37) % 100 AS kind) a
       JOIN bench_reviewers v ON v.n = i % ${REVIEWERS}
       JOIN bench_labelers l ON l.n = i % ${LABELERS}
      ORDER BY i`,
    [AUDIT_EVENTS, projectIds],
  );
}

async function seed(db: Client): Promise<void> {
  const start = process.hrtime.bigint();
  await seedUsers(db);
  const projectIds: string[] = [];
  // The analytics summaries' triggers are off while rows arrive in bulk (one summary update per row would
  // double the seeding time); exemplar_rebuild_analytics computes the summaries once at the end, as after any
  // bulk load.
  await withTriggersOff(db, ["projects", "prompts", "responses", "reviews"], async () => {
    await withoutIndexes(
      db,
      ["prompts", "tasks", "responses", "response_revisions", "reviews", "rankings"],
      async () => {
        projectIds.push(await seedProject(db, SLUG, RESPONSES));
        for (let i = 1; i <= SMALL_PROJECTS; i++) projectIds.push(await seedProject(db, `${SLUG}-small-${i}`, 200));
      },
    );
    // Revised responses' edit distances, stored as the app stores them when a revision is written (computed in
    // Node by the same function: SQL cannot), so the first analytics view does not compute them.
    await step("edit distances of the revised responses", async () => {
      const { fillAllMissingEditDistances } = await import("@/lib/analytics/stored-edit-distances");
      return fillAllMissingEditDistances();
    });
  });
  await step("audit events", () => withoutIndexes(db, ["audit_events"], () => seedAudit(db, projectIds)));
  // The second opinions given (responses.second_opinion_given) are kept by a trigger on reviews, off while the
  // rows arrived: recomputed once, as after any bulk load, before the vacuum that clears the index entries the
  // update leaves behind.
  const { rows: refresh } = await db.query<{ exists: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'exemplar_refresh_second_opinions') AS exists",
  );
  if (refresh[0]!.exists) {
    await step("second opinions given", async () => {
      for (const id of projectIds) await db.query("SELECT exemplar_refresh_second_opinions($1)", [id]);
    });
  }
  await step("vacuum analyze", () => db.query("VACUUM ANALYZE"));
  let rebuilt = true;
  for (const id of projectIds)
    await step(`exemplar_rebuild_analytics(${id.slice(0, 8)}…)`, async () => {
      rebuilt = await rebuildAnalytics(db, id);
    });
  if (rebuilt) await step("analyze after the summaries", () => db.query("ANALYZE"));
  else console.log("exemplar_rebuild_analytics() does not exist in this schema: no analytics summaries to rebuild");
  console.log(
    `seeded ${count(RESPONSES)} responses and ${count(AUDIT_EVENTS)} audit events in ${fixed(elapsedSince(start), 0)} s`,
  );
}

/** The seeded database's ids the routes need. */
async function fixtures(db: Client) {
  const one = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, params)).rows[0]?.id ?? "";
  const projectId = await one("SELECT id FROM projects WHERE slug = $1", [SLUG]);
  const labelerId = await one("SELECT id FROM users WHERE email = 'labeler-001@bench.test'");
  const reviewerId = await one("SELECT id FROM users WHERE email = 'reviewer-01@bench.test'");
  return {
    projectId,
    labelerId,
    reviewerId,
    // Far back in the project's history, so nothing cached from the first pages helps.
    // One with a ranking (every 20th answered prompt has one).
    promptId: await one(
      `SELECT p.id FROM prompts p JOIN rankings rk ON rk.prompt_id = p.id WHERE p.project_id = $1
        ORDER BY p.seq OFFSET (SELECT count(*) / 60 FROM prompts WHERE project_id = $1) LIMIT 1`,
      [projectId],
    ),
    responseId: await one(
      "SELECT id FROM responses WHERE project_id = $1 AND status = 'submitted' ORDER BY seq OFFSET (SELECT count(*) / 100 FROM responses WHERE project_id = $1) LIMIT 1",
      [projectId],
    ),
    myResponseId: await one("SELECT id FROM responses WHERE author_id = $1 ORDER BY revision DESC, seq LIMIT 1", [
      labelerId,
    ]),
    myRevisionId: await one(
      "SELECT id FROM responses WHERE author_id = $1 AND status = 'needs_revision' ORDER BY seq LIMIT 1",
      [labelerId],
    ),
    auditCursor: String(
      (await db.query<{ seq: number }>("SELECT max(seq) / 2 AS seq FROM audit_events")).rows[0]?.seq ?? 1,
    ),
    responseCursor: String(
      (
        await db.query<{ seq: number }>(
          "SELECT seq FROM responses WHERE project_id = $1 AND status = 'submitted' ORDER BY seq DESC OFFSET 5000 LIMIT 1",
          [projectId],
        )
      ).rows[0]?.seq ?? 1,
    ),
  };
}

type Reply = { status: number; ms: number; body: string };

function get(base: string, path: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(`${base}${path}`, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A session cookie the way a browser gets one: next-auth's CSRF token, then the credentials form. */
async function signIn(base: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }).toString(),
  });
  keep(res);
  const session = [...jar.keys()].find((k) => /session-token/.test(k));
  if (!session) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  return cookie();
}

type Route = { label: string; path: string; as: "admin" | "reviewer" | "labeler"; api?: boolean };

function routes(f: Awaited<ReturnType<typeof fixtures>>): Route[] {
  const p = `/api/v1/projects/${f.projectId}`;
  const list: Route[] = [
    // Pages (app/(app)), by who opens them.
    { label: "page / (labeler)", path: "/", as: "labeler" },
    { label: "page / (admin)", path: "/", as: "admin" },
    { label: "page /admin/projects", path: "/admin/projects", as: "admin" },
    { label: "page /admin/projects/{slug}", path: `/admin/projects/${SLUG}`, as: "admin" },
    { label: "page /admin/projects/{slug}/analytics", path: `/admin/projects/${SLUG}/analytics`, as: "admin" },
    { label: "page /admin/projects/new", path: "/admin/projects/new", as: "admin" },
    { label: "page /admin/users", path: "/admin/users", as: "admin" },
    { label: "page /admin/users?q=labeler-1", path: "/admin/users?q=labeler-1", as: "admin" },
    { label: "page /admin/audit", path: "/admin/audit", as: "admin" },
    { label: "page /admin/audit?action=export.run", path: "/admin/audit?action=export.run", as: "admin" },
    { label: "page /admin/audit?actorId=", path: `/admin/audit?actorId=${f.reviewerId}`, as: "admin" },
    { label: "page /admin/audit?projectId=", path: `/admin/audit?projectId=${f.projectId}`, as: "admin" },
    { label: "page /admin/audit?cursor= (middle)", path: `/admin/audit?cursor=${f.auditCursor}`, as: "admin" },
    { label: "page /projects/{slug}/prompts", path: `/projects/${SLUG}/prompts`, as: "admin" },
    { label: "page /projects/{slug}/prompts?q=refund", path: `/projects/${SLUG}/prompts?q=refund`, as: "admin" },
    { label: "page /projects/{slug}/responses", path: `/projects/${SLUG}/responses`, as: "admin" },
    {
      label: "page /projects/{slug}/responses?status=all",
      path: `/projects/${SLUG}/responses?status=all`,
      as: "admin",
    },
    { label: "page /tokens (admin)", path: "/tokens", as: "admin" },
    { label: "page /review", path: "/review", as: "reviewer" },
    { label: "page /review/{slug}", path: `/review/${SLUG}`, as: "reviewer" },
    {
      label: "page /review/{slug}?cursor= (deep)",
      path: `/review/${SLUG}?cursor=${f.responseCursor}`,
      as: "reviewer",
    },
    { label: "page /review/{slug}?status=accepted", path: `/review/${SLUG}?status=accepted`, as: "reviewer" },
    { label: "page /review/{slug}/rank", path: `/review/${SLUG}/rank`, as: "reviewer" },
    { label: "page /review/{slug}/start (redirect)", path: `/review/${SLUG}/start`, as: "reviewer" },
    { label: "page /review/responses/{id}", path: `/review/responses/${f.responseId}`, as: "reviewer" },
    { label: "page /review/prompts/{id}", path: `/review/prompts/${f.promptId}`, as: "reviewer" },
    { label: "page /my-work", path: "/my-work", as: "labeler" },
    { label: "page /my-work/{id}", path: `/my-work/${f.myResponseId}`, as: "labeler" },
    { label: "page /my-work/{id}/edit", path: `/my-work/${f.myRevisionId}/edit`, as: "labeler" },
    { label: "page /work/{slug}", path: `/work/${SLUG}`, as: "labeler" },
    { label: "page /tokens (labeler)", path: "/tokens", as: "labeler" },
    // List APIs (app/api/v1), with the admin's token unless a labeler's list.
    { label: "GET /api/v1/projects", path: "/api/v1/projects", as: "admin", api: true },
    { label: "GET /api/v1/projects (labeler)", path: "/api/v1/projects", as: "labeler", api: true },
    { label: "GET /projects/{id}", path: p, as: "admin", api: true },
    { label: "GET /projects/{id}/prompts", path: `${p}/prompts`, as: "admin", api: true },
    {
      label: "GET /projects/{id}/prompts?status=accepted",
      path: `${p}/prompts?status=accepted`,
      as: "admin",
      api: true,
    },
    { label: "GET /projects/{id}/responses", path: `${p}/responses`, as: "admin", api: true },
    { label: "GET /projects/{id}/responses?status=all", path: `${p}/responses?status=all`, as: "admin", api: true },
    {
      label: "GET /projects/{id}/responses?labeler=",
      path: `${p}/responses?status=all&labeler=${f.labelerId}`,
      as: "admin",
      api: true,
    },
    { label: "GET /projects/{id}/stats", path: `${p}/stats`, as: "admin", api: true },
    { label: "GET /projects/{id}/stats/labelers.csv", path: `${p}/stats/labelers.csv`, as: "admin", api: true },
    { label: "GET /projects/{id}/members", path: `${p}/members`, as: "admin", api: true },
    { label: "GET /projects/{id}/guidelines", path: `${p}/guidelines`, as: "admin", api: true },
    { label: "GET /projects/{id}/export/preview", path: `${p}/export/preview`, as: "admin", api: true },
    {
      label: "GET /projects/{id}/export/preview?labeler=",
      path: `${p}/export/preview?labeler=${f.labelerId}`,
      as: "admin",
      api: true,
    },
    { label: "GET /audit", path: "/api/v1/audit", as: "admin", api: true },
    { label: "GET /audit?action=export.run", path: "/api/v1/audit?action=export.run", as: "admin", api: true },
    { label: "GET /audit?cursor= (middle)", path: `/api/v1/audit?cursor=${f.auditCursor}`, as: "admin", api: true },
    { label: "GET /users", path: "/api/v1/users", as: "admin", api: true },
    { label: "GET /tokens", path: "/api/v1/tokens", as: "admin", api: true },
    { label: "GET /me", path: "/api/v1/me", as: "labeler", api: true },
    { label: "GET /me/waiting", path: "/api/v1/me/waiting", as: "labeler", api: true },
    { label: "GET /prompts/{id}", path: `/api/v1/prompts/${f.promptId}`, as: "admin", api: true },
    { label: "GET /prompts/{id}/ranking", path: `/api/v1/prompts/${f.promptId}/ranking`, as: "admin", api: true },
    { label: "GET /responses/{id}", path: `/api/v1/responses/${f.responseId}`, as: "admin", api: true },
  ];
  return list.filter((r) => ONLY.split(",").some((word) => r.label.includes(word)));
}

async function main() {
  const url = await benchDatabaseUrl("exemplar_bench_scale");
  const dir = appDir();
  const seedOnly = process.env.BENCH_SEED_ONLY === "1";
  if (!seedOnly) assertBuilt(dir);
  const reuse = process.env.BENCH_REUSE === "1";
  let db = await connect(url).catch(() => null);
  const seeded =
    reuse &&
    db !== null &&
    (await db
      .query("SELECT 1 FROM projects WHERE slug = $1", [SLUG])
      .then((r) => r.rowCount === 1)
      .catch(() => false));
  if (seeded) {
    console.log(`reusing the seeded database (${url.replace(/\/\/[^@]*@/, "//")})`);
    // Migrations added since it was seeded (an index, say) apply to it before it is measured.
    await migrate(url);
  } else {
    await db?.end();
    await recreateBenchDatabase(url);
    db = await connect(url);
    // The app's own code on this database (the edit distances while seeding): lib/db reads DATABASE_URL when
    // first used.
    process.env.DATABASE_URL = url;
    await seed(db);
  }
  db = db!;
  if (seedOnly) return void (await db.end());
  console.log(await machine(db));
  const f = await fixtures(db);
  const { rows: sizes } = await db.query<{ responses: string; audit: string }>(
    `SELECT (SELECT count(*) FROM responses WHERE project_id = $1) AS responses, (SELECT count(*) FROM audit_events) AS audit`,
    [f.projectId],
  );
  console.log(
    `data: ${count(Number(sizes[0]!.responses))} responses in the project, ${count(Number(sizes[0]!.audit))} audit events`,
  );

  const tokens = {
    admin: await createBenchToken(
      db,
      (await db.query("SELECT id FROM users WHERE email = 'admin@bench.test'")).rows[0].id,
    ),
    reviewer: await createBenchToken(db, f.reviewerId),
    labeler: await createBenchToken(db, f.labelerId),
  };
  const server = await startServer(dir, url);
  try {
    const cookies = {
      admin: await signIn(server.url, "admin@bench.test"),
      reviewer: await signIn(server.url, "reviewer-01@bench.test"),
      labeler: await signIn(server.url, "labeler-001@bench.test"),
    };
    const headers = (r: Route): Record<string, string> =>
      r.api ? { authorization: `Bearer ${tokens[r.as]}` } : { cookie: cookies[r.as] };

    const loadBefore = loadavg();
    const results: Array<{ label: string; status: number; cold: number; p50: number; p95: number }> = [];
    for (const r of routes(f)) {
      const cold = await get(server.url, r.path, headers(r));
      if (cold.status >= 400) console.error(`  ${r.label}: ${cold.status} ${cold.body.slice(0, 300)}`);
      const ms: number[] = [];
      for (let run = 0; run < RUNS; run++) ms.push((await get(server.url, r.path, headers(r))).ms);
      results.push({
        label: r.label,
        status: cold.status,
        cold: cold.ms,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
      });
      process.stderr.write(`  ${r.label}: ${fixed(percentile(ms, 95), 0)} ms\n`);
    }
    const loadAfter = loadavg();

    const rows = [
      ["route", "status", "cold ms", "warm p50", "warm p95", `≤ ${TARGET_MS} ms`],
      ...results.map((r) => [
        r.label,
        String(r.status),
        fixed(r.cold, 0),
        fixed(r.p50, 0),
        fixed(r.p95, 0),
        r.p95 <= TARGET_MS ? "yes" : "NO",
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    console.log("");
    for (const row of rows)
      console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(
      `\nworst warm p95: ${fixed(worst.p95, 0)} ms (${worst.label}; target ≤ ${TARGET_MS} ms): ${verdict(worst.p95, TARGET_MS, "max")}`,
    );
    const over = results.filter((r) => r.p95 > TARGET_MS).map((r) => r.label);
    if (over.length > 0) console.log(`over the target: ${over.join(", ")}`);
    console.log(
      `warm runs per route: ${RUNS}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
    );
  } finally {
    await server.stop();
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
