import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, Pool, type QueryConfig } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

/**
 * The database pools and Prisma clients. The pool is shared so that streaming exports (which need a raw
 * cursor) and Prisma use the same connections. With DATABASE_READ_URL set there is a second pair on a
 * streaming replica, used only inside `readFromReplica` (below); without it there is one pair. Cached on
 * globalThis so dev-server reloads do not open a new pool each time.
 */
type Db = { pool: Pool; prisma: PrismaClient };
type Dbs = { primary: Db; replica: Db | null };
// The longest a request waits for a database connection, pooled or new, before it answers 503
// with Retry-After (lib/errors.ts). A stopped or restarting server refuses at once; this bounds
// the cases that would otherwise hang: a server that vanished from the network, or a pool
// drained by overload (docs/scaling.md). Under normal load the wait is milliseconds.
const CONNECTION_WAIT_MS = 4_000;
// The scope is on globalThis too: Next may load this module more than once in one process (one copy per
// bundle layer), and a scope opened by one copy must be seen by the queries another copy sends.
const globalForDb = globalThis as unknown as { exemplarDb?: Dbs; exemplarReadScope?: AsyncLocalStorage<Db> };
const readScope = (globalForDb.exemplarReadScope ??= new AsyncLocalStorage<Db>());

function open(connectionString: string, applicationName?: string): Db {
  const pool = new Pool({
    connectionString,
    max: env().DATABASE_POOL_SIZE,
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
    // Notices a server that vanished without closing the socket (a failover, a network cut).
    keepAlive: true,
    // No JIT: past jit_above_cost (reached by a page's query once a project holds a million rows) PostgreSQL
    // compiles the plan first, 100–300 ms for statements that run in a few (docs/performance.md, "Scale").
    options: "-c jit=off",
    ...(applicationName ? { application_name: applicationName } : {}),
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

function connect(): Dbs {
  const { DATABASE_URL, DATABASE_READ_URL } = env();
  // `exemplar-read` names the replica's connections in its pg_stat_activity.
  return { primary: open(DATABASE_URL), replica: DATABASE_READ_URL ? open(DATABASE_READ_URL, "exemplar-read") : null };
}

function dbs(): Dbs {
  globalForDb.exemplarDb ??= connect();
  return globalForDb.exemplarDb;
}

/** The pair a query goes to: the replica inside a `readFromReplica` that chose it, else the primary. */
function db(): Db {
  return readScope.getStore() ?? dbs().primary;
}

/** Lazily connected, so importing this module never touches the network. The replica's inside `readFromReplica`. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, key) => Reflect.get(db().prisma, key),
});

/**
 * The shared pool. Statements that run on every labeler request (token authentication, the claim,
 * the submit, autosave, the task and response views) are given a `name`: each connection then parses and
 * plans them once and afterwards only binds and executes, which saves PostgreSQL the planning of a
 * seven-join query per claim (docs/performance.md "Load"). The replica's inside `readFromReplica`.
 */
export function pool(): Pool {
  return db().pool;
}

// How long a read waits for the replica to replay the primary's last write before it reads the primary
// instead, and the pause between two looks. Replay normally trails by milliseconds, so the wait is short
// when the replica is healthy and bounded when it is not (a long query on it, replay paused, a lost link).
const REPLICA_WAIT_MS = 100;
const REPLICA_POLL_MS = 5;
const REPLICA_CHECK_TIMEOUT_MS = 2_000;

/**
 * Runs `read`, a read that changes nothing, on the streaming replica (DATABASE_READ_URL) when the replica
 * has replayed everything the primary had written when the call began; otherwise, after waiting up to
 * REPLICA_WAIT_MS for replay to get there, on the primary. So a read never misses a write committed before
 * it started, by anyone on any instance: a labeler's submit, a reviewer's decision, an admin's import are
 * in every screen that follows them, replica or not (docs/scaling.md "A read replica", decision 023). A
 * replica that cannot be reached, or is no longer a standby (promoted), is not read. Without
 * DATABASE_READ_URL `read` runs on the primary, with no extra query.
 *
 * Every query `read` sends through `prisma` or `pool()`, however deep, goes where the choice fell; a write
 * in it would fail on the replica (a standby refuses writes), so only read-only entry points use it:
 * exports and their preview, analytics, the prompts search, the audit log.
 */
export async function readFromReplica<T>(read: () => Promise<T>): Promise<T> {
  const { primary, replica } = dbs();
  if (!replica || readScope.getStore() === replica) return read();
  // Awaited inside the scope: Prisma's queries are lazy thenables that start when awaited, and one awaited
  // outside would run on the primary.
  return readScope.run((await replicaCaughtUp(primary, replica)) ? replica : primary, async () => await read());
}

async function replicaCaughtUp(primary: Db, replica: Db): Promise<boolean> {
  // The position every transaction that has returned is behind. With synchronous_commit on (any value but off),
  // a commit returns only once its record is flushed, so the flush position is past it; WAL inserted but not yet
  // flushed (pages pruned by reads, transactions still committing) need not be waited for, and waiting for it
  // sent reads to the primary until the WAL writer's next round (wal_writer_delay, 200 ms by default). With it
  // off, a commit returns before its record is written: then the insert position, which is past every record
  // already inserted. This connection's setting is the app's (the server's, role's or database's; the app never
  // changes it per session). No table is read: one round trip to the primary.
  const { rows } = await primary.pool.query<{ lsn: string }>(
    `SELECT (CASE WHEN current_setting('synchronous_commit') = 'off' THEN pg_current_wal_insert_lsn()
                  ELSE pg_current_wal_flush_lsn() END)::text AS lsn`,
  );
  const target = rows[0]!.lsn;
  // Counted from the first answer, so that opening a connection to the replica does not use up the wait.
  let deadline: number | undefined;
  try {
    for (;;) {
      const check = await replica.pool.query<{ standby: boolean; replayed: boolean | null }>({
        text: "SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed",
        values: [target],
        query_timeout: REPLICA_CHECK_TIMEOUT_MS,
      } as QueryConfig);
      const { standby, replayed } = check.rows[0]!;
      if (!standby) return false;
      if (replayed) return true;
      deadline ??= Date.now() + REPLICA_WAIT_MS;
      if (Date.now() + REPLICA_POLL_MS > deadline) return false;
      await sleep(REPLICA_POLL_MS);
    }
  } catch {
    // The replica is down or unreachable: the primary answers, as it would without a replica.
    return false;
  }
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
  // The primary only: a replica that is down costs reads nothing (they go to the primary), so it must
  // not take the instance out of its load balancer.
  const primary = dbs().primary.pool;
  const done = primary
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
  for (const pair of [current.primary, current.replica]) {
    if (!pair) continue;
    await pair.prisma.$disconnect();
    await pair.pool.end();
  }
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
