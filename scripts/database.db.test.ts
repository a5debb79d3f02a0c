import { execFile } from "node:child_process";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redact, resolveAppDatabase, resolveTestServer } from "./database.mjs";
import { EMBEDDED_PORT, EMBEDDED_USER, runningServer } from "./embedded-postgres.mjs";

const run = promisify(execFile);

describe("the database rule (scripts/database.mjs)", () => {
  let listener: Server;
  let listening: number;
  beforeAll(async () => {
    listener = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    listening = (listener.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  it("never prints a password, in the user part or the query", () => {
    expect(redact("postgresql://app:s3cret@db.example.com:5432/exemplar")).toBe(
      "postgresql://app:****@db.example.com:5432/exemplar",
    );
    expect(redact("postgresql://db.example.com/exemplar?user=app&password=s3cret")).not.toContain("s3cret");
    expect(redact("not a url s3cret")).not.toContain("s3cret");
  });

  it("takes DATABASE_URL / TEST_POSTGRES_URL when set, even when a local server answers", async () => {
    const app = await resolveAppDatabase(
      { DATABASE_URL: "postgresql://app:s3cret@db.example.com/prod" },
      { localPort: listening },
    );
    expect(app).toMatchObject({ source: "DATABASE_URL", url: "postgresql://app:s3cret@db.example.com/prod" });
    expect(app.label).toBe("postgresql://app:****@db.example.com/prod (DATABASE_URL)");
    const test = await resolveTestServer(
      { TEST_POSTGRES_URL: "postgresql://t@db.example.com/postgres" },
      { localPort: listening },
    );
    expect(test).toMatchObject({ source: "TEST_POSTGRES_URL", url: "postgresql://t@db.example.com/postgres" });
  });

  it("otherwise uses the server answering on the local port, as user postgres", async () => {
    expect(await resolveAppDatabase({}, { localPort: listening })).toMatchObject({
      source: "local",
      url: `postgresql://postgres@127.0.0.1:${listening}/exemplar`,
    });
    expect((await resolveTestServer({}, { localPort: listening })).url).toBe(
      `postgresql://postgres@127.0.0.1:${listening}/postgres`,
    );
  });

  it("the CLI follows it with no configuration and says so in one line, without the password", async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.EXEMPLAR_DATABASE_ANNOUNCED;
    // An unknown command: the database is resolved first, then the CLI stops without opening it (never the app's).
    const { stderr } = await run("npm", ["run", "-s", "exemplar", "--", "no-such-command"], { env }).catch(
      (error: { stderr: string }) => error,
    );
    const expected = await resolveAppDatabase(env);
    const lines = stderr.split("\n").filter((line) => line.startsWith("database: "));
    expect(lines).toEqual([`database: ${expected.label}`]);
    if (expected.source === "embedded") {
      expect(expected.label).toMatch(
        /^embedded PostgreSQL 18\.\d+ at 127\.0\.0\.1:54329 \(data in \.data\/postgres\)$/,
      );
    }
    const password = new URL(expected.url).password;
    if (password) expect(stderr).not.toContain(password);
  });
});

// Runs where the tests themselves use the embedded server (a machine without PostgreSQL on 5432; .ci/run's
// embedded section): starting it creates .data/postgres, which a run on the machine's server must not do.
const onEmbedded =
  new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://x@127.0.0.1:5432/").port === String(EMBEDDED_PORT);

describe.skipIf(!onEmbedded)("the embedded PostgreSQL", () => {
  it("is reused, never started twice: concurrent starts find the one server", async () => {
    const before = runningServer();
    expect(before).not.toBeNull();
    const starts = await Promise.all([1, 2, 3].map(() => run(process.execPath, ["scripts/database.mjs", "start"])));
    for (const { stdout } of starts) expect(stdout).toContain(`127.0.0.1:${EMBEDDED_PORT}`);
    expect(runningServer()).toEqual(before);
  });

  it("asks for the password and listens on 127.0.0.1 only, with no Unix socket", async () => {
    const server = new URL(process.env.TEST_POSTGRES_URL!);
    const withoutPassword = new Client({
      host: "127.0.0.1",
      port: EMBEDDED_PORT,
      user: EMBEDDED_USER,
      database: "postgres",
      password: "wrong",
    });
    await expect(withoutPassword.connect()).rejects.toThrow(/password authentication failed/);
    const client = new Client({ connectionString: server.toString() });
    await client.connect();
    try {
      const settings = await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories', 'password_encryption')",
      );
      expect(Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]))).toEqual({
        listen_addresses: "127.0.0.1",
        unix_socket_directories: "",
        password_encryption: "scram-sha-256",
      });
    } finally {
      await client.end();
    }
  });
});
