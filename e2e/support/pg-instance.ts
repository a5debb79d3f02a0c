import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A private PostgreSQL server for fault tests: `initdb` into a temporary folder and its own port, so a
 * test can stop and restart it without touching the machine's shared server. initdb and postgres refuse to
 * run as root (CI does), so as root every command runs as the `postgres` OS user, in a folder it owns.
 */
export type PgInstance = {
  url: (database?: string) => string;
  port: number;
  start: () => Promise<void>;
  /** Fast shutdown: open connections are terminated, new ones refused. */
  stop: () => Promise<void>;
  /** Stops, removes the folder. Safe to call twice or after a failed start. */
  destroy: () => Promise<void>;
  log: () => string;
};

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error("initdb not found: install PostgreSQL or set PG_BIN to the folder with initdb and pg_ctl");
  return path.join(root, newest, "bin");
}

/** A free port from `from` upwards (55432 by default: never the shared 5432). */
async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}–${from + 199}`);
}

/** Extra server settings (`-c name=value`), e.g. `{ log_statement: "all" }`. */
export type PgSettings = Record<string, string>;

/** The tools a test needs that are missing from this machine (initdb, pg_ctl, …), or none. */
export function missingPgTools(tools: string[]): string[] {
  let bin: string;
  try {
    bin = binDir();
  } catch {
    return tools;
  }
  return tools.filter((tool) => !existsSync(path.join(bin, tool)));
}

export async function createPgInstance(settings: PgSettings = {}): Promise<PgInstance> {
  return startPgServer(
    (exec, data) =>
      // Trust on 127.0.0.1 only and no fsync at init: a throwaway server for one test run. initdb's pg_hba.conf
      // also trusts replication connections from 127.0.0.1, which createPgReplica uses.
      exec("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
    settings,
  );
}

/**
 * A streaming replica (hot standby) of `primary`: `pg_basebackup -R` copies the primary's data folder into a
 * temporary folder of its own and writes the standby settings (standby.signal, primary_conninfo), and the copy
 * starts on its own port, replaying the primary's WAL as it streams in. Read-only; `pg_wal_replay_pause()` on
 * it holds it at a point in the past.
 */
export async function createPgReplica(primary: PgInstance, settings: PgSettings = {}): Promise<PgInstance> {
  return startPgServer(
    (exec, data) =>
      exec("pg_basebackup", [
        ...["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres"],
        ...["-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
      ]),
    settings,
  );
}

type Exec = (tool: string, args: string[]) => Promise<unknown>;

async function startPgServer(init: (exec: Exec, data: string) => Promise<unknown>, settings: PgSettings) {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "exemplar-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  const exec: Exec = (tool, args) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { cwd: dir })
      : run(path.join(bin, tool), args, { cwd: dir });
  let running = false;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  try {
    await init(exec, data);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort(Number(process.env.PG_TEST_PORT ?? 55432));
  const extra = Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`);

  const start = async () => {
    await exec("pg_ctl", [
      "-D",
      data,
      "-l",
      logFile,
      "-w",
      "-t",
      "30",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB${extra.join("")}`,
      "start",
    ]);
    running = true;
  };
  const stop = async () => {
    await exec("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
    running = false;
  };
  const destroy = async () => {
    if (running) await stop().catch(() => exec("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => {}));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    port,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy,
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
  } satisfies PgInstance;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("running as root needs the `postgres` OS user (PostgreSQL's Debian package creates it)");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
