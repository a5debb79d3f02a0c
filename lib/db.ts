import "server-only";
import { Client, Pool } from "pg";
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

/** One round trip on the pool: what the health endpoint answers with (app/api/v1/health). */
export async function pingDatabase(): Promise<void> {
  await pool().query("SELECT 1");
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
  await client.connect();
  return client;
}
