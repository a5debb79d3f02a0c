import "server-only";
import { Client, Pool, type QueryConfig } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

/**
 * The one database pool and Prisma client. The pool is shared so that streaming exports
 * (which need a raw cursor) and Prisma use the same connections. Cached on globalThis so
 * dev-server reloads do not open a new pool each time.
 */
type Db = { pool: Pool; prisma: PrismaClient };
// The longest a request waits for a database connection, pooled or new, before it answers 503
// with Retry-After (lib/errors.ts). A stopped or restarting server refuses at once; this bounds
// the cases that would otherwise hang: a server that vanished from the network, or a pool
// drained by overload (docs/scaling.md). Under normal load the wait is milliseconds.
const CONNECTION_WAIT_MS = 4_000;
const globalForDb = globalThis as unknown as { exemplarDb?: Db };

function connect(): Db {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  const pool = new Pool({
    connectionString: DATABASE_URL,
    max: DATABASE_POOL_SIZE,
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
    // Notices a server that vanished without closing the socket (a failover, a network cut).
    keepAlive: true,
  });
  // A connection's error (e.g. the server restarted) must not crash the process, whether the
  // connection is idle in the pool or checked out between two queries (a transaction, a cursor):
  // pg emits it on the client, where an unhandled 'error' would end the process. The broken
  // connection is dropped from the pool when it is released.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  // Prisma's own wait for a transaction's connection defaults to 2 s; keep one budget for both.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: CONNECTION_WAIT_MS } });
  return { pool, prisma };
}

function db(): Db {
  globalForDb.exemplarDb ??= connect();
  return globalForDb.exemplarDb;
}

/** Lazily connected, so importing this module never touches the network. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, key) => Reflect.get(db().prisma, key),
});

/**
 * The shared pool. Statements that run on every labeler request (token authentication, the claim,
 * the submit, autosave, the task and response views) are given a `name`: each connection then parses and
 * plans them once and afterwards only binds and executes, which saves PostgreSQL the planning of a
 * seven-join query per claim (docs/performance.md "Load").
 */
export function pool(): Pool {
  return db().pool;
}

// The health endpoint is public: one ping a second per instance however often it is polled, each
// bounded, so a server that vanished from the network cannot hold the probe for TCP's minutes.
const PING_EVERY_MS = 1_000;
const PING_TIMEOUT_MS = 2_000;
const globalForPing = globalThis as unknown as { exemplarPing?: { at: number; done: Promise<void> } };

/**
 * Whether this instance reaches the database: one `SELECT 1` on the pool, shared by the callers of the
 * same second (app/api/v1/health). A pool drained by overload for longer than the connection wait
 * fails it too, as it fails labelers' requests.
 */
export function pingDatabase(): Promise<void> {
  const last = globalForPing.exemplarPing;
  if (last && Date.now() - last.at < PING_EVERY_MS) return last.done;
  const done = pool()
    // `query_timeout` per query is honoured by pg (client.js) but missing from its types.
    .query({ text: "SELECT 1", query_timeout: PING_TIMEOUT_MS } as QueryConfig)
    .then(() => undefined);
  globalForPing.exemplarPing = { at: Date.now(), done };
  return done;
}

export async function disconnect(): Promise<void> {
  const current = globalForDb.exemplarDb;
  if (!current) return;
  globalForDb.exemplarDb = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
}

/**
 * A connection of its own, outside the pool, for work that holds a connection for as long as a client takes to
 * send its data (a prompt import streams the request body into COPY): held from the pool, a few slow uploads
 * would starve labelers' requests. It has the pool's wait and keep-alive, and an error listener, since a dropped
 * connection must not crash the process; the caller must `end()` it. `application_name` names it in
 * pg_stat_activity.
 */
export async function connectDedicated(applicationName: string): Promise<Client> {
  const client = new Client({
    connectionString: env().DATABASE_URL,
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
    keepAlive: true,
    application_name: applicationName,
  });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}
