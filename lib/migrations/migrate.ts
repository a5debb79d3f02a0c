import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "pg";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own transaction,
 * recording them in Prisma's `_prisma_migrations` table exactly as `prisma migrate deploy`
 * would, so either tool can take over (docs/decisions/001-migrations.md). We need our own
 * runner because the Prisma CLI's schema engine cannot be downloaded here. Then, on every run,
 * the app's SQL functions from their one source, prisma/functions/*.sql (decision 007).
 */
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
export const FUNCTIONS_DIR = path.join(process.cwd(), "prisma", "functions");

const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

/**
 * Checksums a migration had before an edit of its comments alone, still accepted where it was applied with
 * them. Only for comments: an edit of a statement is a new migration. Each entry is the sha256 of the file as it
 * was.
 */
const EARLIER_CHECKSUMS: Readonly<Record<string, readonly string[]>> = {
  // A comment named where the work came from instead of what it is.
  "20261128020000_claim_and_submit_functions": ["c6cfe56245dd72bcf82fcdb593421c323509b13868f5185e2f097a721bafda5d"],
};

function checksumMatches(migration: Migration, recorded: string): boolean {
  return recorded === migration.checksum || (EARLIER_CHECKSUMS[migration.name] ?? []).includes(recorded);
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export type FunctionSource = { file: string; sql: string };

/** prisma/functions/*.sql in name order: the only definition of every SQL function of the app. */
export async function readFunctionSources(dir = FUNCTIONS_DIR): Promise<FunctionSource[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return Promise.all(files.map(async (file) => ({ file, sql: await readFile(path.join(dir, file), "utf8") })));
}

/** The functions a source defines (`CREATE OR REPLACE FUNCTION name(`), by name. */
export function definedFunctions(sources: FunctionSource[]): string[] {
  const names = sources.flatMap(({ sql }) =>
    [...sql.matchAll(/^CREATE OR REPLACE FUNCTION\s+([a-z_][a-z0-9_]*)\s*\(/gim)].map((m) => m[1]!.toLowerCase()),
  );
  return [...new Set(names)].sort();
}

/**
 * Installs the functions source over whatever the migrations created, every run: the files are
 * `CREATE OR REPLACE`, so an unchanged source rewrites the same definitions (a few milliseconds),
 * and an edited one takes effect without a migration. One transaction: a source that fails leaves
 * the previous functions in place. Runs after the table migrations, whose tables it refers to.
 */
export async function applyFunctions(client: Client, sources?: FunctionSource[]): Promise<void> {
  const files = sources ?? (await readFunctionSources());
  await client.query("BEGIN");
  try {
    for (const { file, sql } of files) {
      try {
        await client.query(sql);
      } catch (error) {
        throw new Error(`prisma/functions/${file} failed: ${(error as Error).message}`);
      }
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Creates the database named in the URL if it does not exist (connecting to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error("DATABASE_URL names no database");
  url.pathname = "/postgres";
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function migrate(databaseUrl: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const migrations = await readMigrations();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Two app instances starting at once must not apply the same migration twice.
    await client.query("SELECT pg_advisory_lock(72707369)");
    await client.query(BOOKKEEPING);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.name);
      if (previous?.finished_at) {
        if (!checksumMatches(m, previous.checksum)) {
          throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      if (previous)
        throw new Error(`Migration ${m.name} failed earlier; fix the database by hand, then mark it rolled back`);
      log(`applying ${m.name}`);
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [id, m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
      done.push(m.name);
    }
    await applyFunctions(client);
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => {});
    await client.end();
  }
}
