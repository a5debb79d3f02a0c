import "server-only";
import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

/**
 * The one database pool and Prisma client. The pool is shared so that streaming exports
 * (which need a raw cursor) and Prisma use the same connections. Cached on globalThis so
 * dev-server reloads do not open a new pool each time.
 */
type Db = { pool: Pool; prisma: PrismaClient };
const globalForDb = globalThis as unknown as { exemplarDb?: Db };

function connect(): Db {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  const pool = new Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE });
  // An idle client's error (e.g. the server restarted) must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
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

export function pool(): Pool {
  return db().pool;
}

export async function disconnect(): Promise<void> {
  const current = globalForDb.exemplarDb;
  if (!current) return;
  globalForDb.exemplarDb = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
}
