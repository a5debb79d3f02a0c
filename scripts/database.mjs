// Which PostgreSQL every entry point uses (npm run demo, dev, start, test, the CLI, the benchmarks): one rule,
// here only.
//   1. DATABASE_URL (the app) or TEST_POSTGRES_URL (the server tests create their databases on), when set;
//   2. otherwise a server answering on 127.0.0.1:5432, as user postgres (the usual local install);
//   3. otherwise the embedded PostgreSQL (scripts/embedded-postgres.mjs), created and started when needed.
// Each command prints one line on stderr saying which. docs/decisions/006-embedded-postgres.md.
//
// As a command, for shell scripts and status:
//   node scripts/database.mjs env|test-env        shell lines to eval: export DATABASE_URL / TEST_POSTGRES_URL
//   node scripts/database.mjs recreate NAME       drops and creates database NAME on the test server
//   node scripts/database.mjs status|start|stop   the embedded server (npm run db -- status|start|stop)
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import {
  DATA_DIR,
  EMBEDDED_PORT,
  PASSWORD_FILE,
  answers,
  binaries,
  embeddedUrl,
  ensureEmbeddedServer,
  isInitialised,
  runningServer,
  stopEmbeddedServer,
} from "./embedded-postgres.mjs";

export const LOCAL_PORT = 5432;
export const APP_DATABASE = "exemplar";
/** Set by a script that already printed the line (demo.sh, test.sh), so its child commands stay quiet. */
const ANNOUNCED = "EXEMPLAR_DATABASE_ANNOUNCED";

/** A URL fit to print: the password (in the user part or the query) replaced by ****. */
export function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "****");
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

const relative = (dir) => path.relative(process.cwd(), dir) || dir;

async function embedded(database) {
  await ensureEmbeddedServer();
  return {
    url: embeddedUrl(database),
    source: "embedded",
    label: `embedded PostgreSQL ${binaries().version} at 127.0.0.1:${EMBEDDED_PORT} (data in ${relative(DATA_DIR)})`,
  };
}

async function resolve(variable, database, env, localPort) {
  const given = env[variable];
  if (given) return { url: given, source: variable, label: `${redact(given)} (${variable})` };
  if (await answers(localPort)) {
    const url = `postgresql://postgres@127.0.0.1:${localPort}/${database}`;
    return { url, source: "local", label: `${url} (the server on 127.0.0.1:${localPort})` };
  }
  return embedded(database);
}

/** The app's database: { url, source, label }. `localPort` is for tests. */
export function resolveAppDatabase(env = process.env, { localPort = LOCAL_PORT } = {}) {
  return resolve("DATABASE_URL", APP_DATABASE, env, localPort);
}

/** The server the tests create and drop their own databases on (its `postgres` database). */
export function resolveTestServer(env = process.env, { localPort = LOCAL_PORT } = {}) {
  return resolve("TEST_POSTGRES_URL", "postgres", env, localPort);
}

function announce(prefix, database, env) {
  if (env[ANNOUNCED] !== "1") console.error(`${prefix}: ${database.label}`);
}

/** Resolves the app's database, sets DATABASE_URL for this process and its children, prints the line. */
export async function useAppDatabase(env = process.env) {
  const database = await resolveAppDatabase(env);
  announce("database", database, env);
  env.DATABASE_URL = database.url;
  return database;
}

/** Resolves the test server, sets TEST_POSTGRES_URL for this process and its children, prints the line. */
export async function useTestServer(env = process.env) {
  const database = await resolveTestServer(env);
  announce("test database server", database, env);
  env.TEST_POSTGRES_URL = database.url;
  return database;
}

/** Drops (ending its connections) and creates an empty database on the test server; returns its URL. */
export async function recreateDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query("SET client_min_messages = warning");
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const shellQuote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

async function main(command, args) {
  switch (command) {
    // Also sets (not exports) database_source and database_label, for the script's own messages.
    case "env": {
      const { url, source, label } = await useAppDatabase();
      console.log(`export DATABASE_URL=${shellQuote(url)} ${ANNOUNCED}=1`);
      console.log(`database_source=${shellQuote(source)} database_label=${shellQuote(label)}`);
      return 0;
    }
    case "test-env": {
      const { url, source, label } = await useTestServer();
      console.log(`export TEST_POSTGRES_URL=${shellQuote(url)} ${ANNOUNCED}=1`);
      console.log(`database_source=${shellQuote(source)} database_label=${shellQuote(label)}`);
      return 0;
    }
    case "recreate": {
      if (!args[0]) throw new Error("usage: node scripts/database.mjs recreate NAME");
      const { url } = await useTestServer();
      await recreateDatabase(url, args[0]);
      return 0;
    }
    case "start": {
      await ensureEmbeddedServer();
      console.log(
        `embedded PostgreSQL ${binaries().version} runs at 127.0.0.1:${EMBEDDED_PORT} (data in ${relative(DATA_DIR)})`,
      );
      return 0;
    }
    case "stop": {
      const stopped = await stopEmbeddedServer();
      console.log(stopped ? "embedded PostgreSQL stopped" : "embedded PostgreSQL was not running");
      return 0;
    }
    case "status": {
      if (!isInitialised()) {
        console.log(
          `no embedded PostgreSQL cluster in ${relative(DATA_DIR)} (created on first use when nothing answers on 127.0.0.1:${LOCAL_PORT} and DATABASE_URL is unset)`,
        );
        return 0;
      }
      const running = runningServer();
      const reachable = running ? await answers(EMBEDDED_PORT) : false;
      console.log(
        [
          `embedded PostgreSQL ${binaries().version}, data in ${relative(DATA_DIR)}`,
          running
            ? `running: pid ${running.pid}, 127.0.0.1:${EMBEDDED_PORT}${reachable ? "" : " (not reachable from here)"}`
            : "stopped",
          `connect: user postgres, password in ${relative(PASSWORD_FILE)}, database ${APP_DATABASE} (the app) or exemplar_test* / exemplar_e2e* (tests)`,
        ].join("\n"),
      );
      return 0;
    }
    default:
      console.error("usage: node scripts/database.mjs env|test-env|recreate NAME|status|start|stop");
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2], process.argv.slice(3)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
