import { readdirSync, readFileSync } from "node:fs";
import type { Client } from "pg";

/** CPU seconds (user + system) a process has used, from /proc; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return 0;
  }
  const fields = stat.replace(/^.*\) /s, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each PostgreSQL process on this machine (the backends serving both sides), by pid. */
function postgresCpuByPid(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres")
        byPid.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/**
 * The PostgreSQL processes' CPU between two readings, process by process: a process that started in between counts
 * from zero, one that exited counts nothing. (Summing all processes at each end instead took away the whole
 * lifetime's CPU of every backend that exited in between, and could come out below zero.)
 */
function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of after) sum += Math.max(0, seconds - (before.get(pid) ?? 0));
  return sum;
}

/** CPU seconds this process (the load generator) has used. */
export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export type CpuBudget = { servers: number; postgres: number; client: number };

/**
 * Where the cores went during a phase, in ms per unit of work: the app servers, PostgreSQL (all its
 * processes, so the figure is only clean when nothing else uses the database), and this process, the load
 * generator. Backends that exit during the phase lose their share; the pools keep theirs open.
 */
export function cpuMeter(serverPids: number[]) {
  const read = () => ({
    servers: serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    postgres: postgresCpuByPid(),
    client: ownCpuSeconds(),
  });
  const before = read();
  return (units: number): CpuBudget => {
    const after = read();
    const perUnit = (seconds: number) => (seconds * 1000) / units;
    return {
      servers: perUnit(after.servers - before.servers),
      postgres: perUnit(postgresCpuBetween(before.postgres, after.postgres)),
      client: perUnit(after.client - before.client),
    };
  };
}

/**
 * CPU seconds used over a phase by the PostgreSQL backends connected to `db`'s database (pg_stat_activity),
 * this connection's own left out. Unlike postgresCpuSeconds it is not inflated by other databases on a shared
 * server, but it leaves out the server's shared processes (WAL writer, checkpointer) that the work also costs.
 * A backend that exits during the phase loses its share.
 */
export async function databaseBackendsMeter(db: Client): Promise<() => Promise<number>> {
  const backends = async () =>
    (
      await db.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      )
    ).rows.map((row) => row.pid);
  const before = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
  return async () => {
    let sum = 0;
    for (const pid of await backends()) sum += cpuSeconds(pid) - (before.get(pid) ?? 0);
    return sum;
  };
}
