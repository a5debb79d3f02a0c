import { encode } from "next-auth/jwt";
import { Client } from "pg";
import { ensureDatabase, migrate } from "@/lib/migrations/migrate";
import { newTokenRecord } from "@/lib/api-tokens/token-secret";
import { useTestServer } from "../../scripts/database.mjs";

/**
 * The PostgreSQL server the benchmarks use: BENCH_POSTGRES_URL, else the tests' rule (TEST_POSTGRES_URL, the
 * server on 127.0.0.1:5432, the embedded PostgreSQL: scripts/database.mjs). Each bench has its own database.
 */
export async function benchDatabaseUrl(defaultName: string): Promise<string> {
  const server = process.env.BENCH_POSTGRES_URL ?? (await useTestServer()).url;
  const url = new URL(server);
  url.pathname = `/${process.env.BENCH_DATABASE ?? defaultName}`;
  return url.toString();
}

/** Drops and recreates the database, then applies every migration. */
export async function recreateBenchDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const server = new URL(url);
  server.pathname = "/postgres";
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(url);
  await migrate(url);
}

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * An admin, a labeler, a project with its first guidelines version and an admin API token, written directly so
 * the benchmark depends only on the schema. The token is made the way lib/api-tokens makes them (hash at rest).
 */
export async function createBenchProject(db: Client, slug: string) {
  const { rows: users } = await db.query<{ id: string; role: string }>(
    `INSERT INTO users (email, name, role, password_hash)
     VALUES ($1, 'Bench Admin', 'admin', 'x'), ($2, 'Bench Labeler', 'labeler', 'x')
     ON CONFLICT (email) DO UPDATE SET active = true RETURNING id, role`,
    [`admin-${slug}@bench.test`, `labeler-${slug}@bench.test`],
  );
  const adminId = users.find((u) => u.role === "admin")!.id;
  const labelerId = users.find((u) => u.role === "labeler")!.id;
  const {
    rows: [project],
  } = await db.query<{ id: string }>(
    // Open to every labeler and reviewer, as before membership existed: the benchmarks' users are not members.
    `INSERT INTO projects (slug, name, access) VALUES ($1, $1, 'everyone') RETURNING id`,
    [slug],
  );
  const {
    rows: [guidelines],
  } = await db.query<{ id: string }>(
    `INSERT INTO guidelines_versions (project_id, version, markdown, created_by_id) VALUES ($1, 1, '# Bench', $2) RETURNING id`,
    [project!.id, adminId],
  );
  const token = await createBenchToken(db, adminId);
  return { projectId: project!.id, adminId, labelerId, guidelinesId: guidelines!.id, token };
}

export async function createBenchToken(db: Client, userId: string): Promise<string> {
  const { secret, tokenHash, prefix } = newTokenRecord();
  await db.query(`INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, 'bench', $2, $3)`, [
    userId,
    tokenHash,
    prefix,
  ]);
  return secret;
}

/**
 * `n` users of one role, each with an API token, in two statements whatever `n` (a benchmark may need
 * thousands). Emails are `<emailPrefix>-<i>@bench.test`; the tokens are made as createBenchToken makes them.
 */
export async function createBenchUsers(
  db: Client,
  n: number,
  emailPrefix: string,
  role: "labeler" | "reviewer" = "labeler",
): Promise<{ id: string; email: string; name: string; token: string }[]> {
  const { rows } = await db.query<{ id: string; email: string; name: string }>(
    `INSERT INTO users (email, name, role, password_hash)
     SELECT $2 || '-' || i || '@bench.test', $4 || ' ' || i, $3::"Role", 'x' FROM generate_series(1, $1::int) AS i
     RETURNING id, email, name`,
    [n, emailPrefix, role, role === "labeler" ? "Labeler" : "Reviewer"],
  );
  const records = rows.map(() => newTokenRecord());
  await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix)
     SELECT u, 'bench', h, p FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(u, h, p)`,
    [rows.map((r) => r.id), records.map((r) => r.tokenHash), records.map((r) => r.prefix)],
  );
  return rows.map((r, i) => ({ ...r, token: records[i]!.secret }));
}

/**
 * `n` open single-turn prompts in a project, numbered `from + 1` onwards (external ids `q1`, `q2`, …): the same
 * support question for a different account each, so no two are equal.
 */
export async function insertBenchPrompts(db: Client, projectId: string, n: number, from = 0): Promise<void> {
  await db.query(
    `INSERT INTO prompts (project_id, external_id, messages, slot_count)
     SELECT $1::uuid, 'q' || i, jsonb_build_array(
              jsonb_build_object('role', 'system', 'content', 'You are a helpful support agent.'),
              jsonb_build_object('role', 'user', 'content', 'How do I change the e-mail address of account ' || i || '?'),
              jsonb_build_object('role', 'assistant', 'content', null)), 1
       FROM generate_series($2::int + 1, $2::int + $3::int) AS i`,
    [projectId, from, n],
  );
}

/** A browser session cookie for a user, sealed as next-auth seals it at sign-in (lib/auth/options.ts's claims). */
export async function benchSessionCookie(
  user: { id: string; email: string; name: string },
  role: "labeler" | "reviewer" | "admin",
  secret: string,
): Promise<string> {
  const jwt = await encode({
    token: { sub: user.id, name: user.name, email: user.email, uid: user.id, sv: 1, role },
    secret,
  });
  return `next-auth.session-token=${jwt}`;
}

/**
 * Runs a bulk load with the tables' own triggers off (the analytics summaries' row triggers would update the same
 * project's summary once per row) and turns them back on whatever happens; rebuild the summaries afterwards
 * (rebuildAnalytics), as after any bulk load.
 */
export async function withTriggersOff<T>(db: Client, tables: string[], load: () => Promise<T>): Promise<T> {
  for (const table of tables) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  try {
    return await load();
  } finally {
    for (const table of tables) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  }
}

/**
 * Computes a project's analytics summaries from its rows (exemplar_rebuild_analytics). False when the schema has
 * none: a benchmark pointed at an older build's database.
 */
export async function rebuildAnalytics(db: Client, projectId: string): Promise<boolean> {
  const { rows } = await db.query<{ exists: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'exemplar_rebuild_analytics') AS exists",
  );
  if (!rows[0]!.exists) return false;
  await db.query("SELECT exemplar_rebuild_analytics($1)", [projectId]);
  return true;
}
