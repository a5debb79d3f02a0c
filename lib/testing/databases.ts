import { Client } from "pg";

/**
 * The server the tests use; each suite gets its own databases on it, never the app's. vitest.config.mts sets
 * TEST_POSTGRES_URL by the one rule of scripts/database.mjs (which may start the embedded PostgreSQL).
 */
export const TEST_SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * The prefix of every database a test run makes (vitest's: lib/testing/global-setup.ts); a second checkout or
 * engineer running tests at the same time sets TEST_DATABASE_NAME to keep out of the way.
 */
export const TEST_DATABASE = process.env.TEST_DATABASE_NAME ?? "exemplar_test";

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops (ending its connections) and creates an empty database; returns its URL. */
export async function recreateDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

/** The database of test worker `id` (VITEST_POOL_ID, from 1): a copy of the migrated test database. */
export function workerDatabase(id: number): string {
  return `${TEST_DATABASE}_w${id}`;
}

/** Drops `name` (ending its connections) and creates it again as a copy of `template`; returns its URL. */
export async function copyDatabase(template: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
