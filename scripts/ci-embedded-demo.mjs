// CI's check of `npm run demo` on a machine without PostgreSQL (run by .ci/run inside a network namespace,
// where nothing answers on 127.0.0.1:5432): the demo creates the embedded PostgreSQL, serves the app with demo
// data, the printed admin signs in, a labeler claims and submits a prompt and the admin exports it, all over
// HTTP; the CLI reaches the same database while the demo serves; a second `npm run demo` keeps everything.
// Usage: node scripts/ci-embedded-demo.mjs   (DEMO_PORT, default 3235)
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const PORT = Number(process.env.DEMO_PORT ?? 3235);
const BASE = `http://127.0.0.1:${PORT}`;
const env = { ...process.env, PORT: String(PORT), NEXTAUTH_URL: BASE };
for (const name of ["DATABASE_URL", "TEST_POSTGRES_URL", "EXEMPLAR_DATABASE_ANNOUNCED"]) delete env[name];

function fail(message, log = "") {
  console.error(`FAIL: ${message}${log ? `\n--- demo output ---\n${log}` : ""}`);
  process.exit(1);
}
const check = (ok, message, log) => ok || fail(message, log);
const timed = async (label, fn) => {
  const started = Date.now();
  const result = await fn();
  console.log(`ok   ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
};

/** `npm run demo` in a process group of its own; resolves once the app answers. */
async function startDemo() {
  const child = spawn("npm", ["run", "demo"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (child.exitCode !== null) fail(`npm run demo exited with ${child.exitCode}`, log);
    if (Date.now() > deadline) fail("the demo did not answer within 15 minutes", log);
    const res = await fetch(`${BASE}/login`).catch(() => null);
    if (res?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return {
    log: () => log,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}

/** next-auth's credentials sign-in, as the login form does it; returns the session cookie. */
async function signIn(email, password) {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: BASE },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("next-auth.session-token"));
  if (!session) return null;
  const cookie = session.split(";")[0];
  const me = await (await fetch(`${BASE}/api/auth/session`, { headers: { cookie } })).json();
  return me?.user?.email === email ? cookie : null;
}

async function cliToken(email) {
  const { stdout } = await run(
    "npm",
    ["run", "-s", "exemplar", "--", "token:create", "--email", email, "--name", "ci"],
    { env },
  );
  return stdout.trim().split("\n").at(-1);
}

async function api(method, path, token, body) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, text: await res.text() };
}

check(!existsSync(".data/postgres"), "start from a fresh clone: .data/postgres exists already");

const first = await timed(
  "npm run demo: first start (creates the embedded cluster, migrates, seeds, builds)",
  startDemo,
);
const log = first.log();
check(
  /^database: embedded PostgreSQL 18\.\d+ at 127\.0\.0\.1:54329 \(data in \.data\/postgres\)$/m.test(log),
  "the demo names the embedded database in one line",
  log,
);
check(log.match(/^database: /gm)?.length === 1, "exactly one database line", log);
const password = (email) => new RegExp(`^\\s+\\w+\\s+${email.replace(".", "\\.")}\\s+(\\S+)$`, "m").exec(log)?.[1];
const adminPassword = password("admin@example.com");
check(adminPassword && password("labeler1@example.com"), "the demo printed the accounts' passwords", log);
check(
  log.includes(`http://localhost:${PORT}`) && log.includes(".data/postgres"),
  "the demo ends with the URL and where the data lives",
  log,
);

await timed("the printed admin signs in", async () =>
  check(await signIn("admin@example.com", adminPassword), "admin sign-in failed", first.log()),
);

const exported = await timed("claim, submit and export (tokens made by the CLI while the demo serves)", async () => {
  const labeler = await cliToken("labeler1@example.com");
  const admin = await cliToken("admin@example.com");
  const claim = await api("POST", "/projects/demo/tasks/next", labeler);
  check(claim.status === 200, `claim: ${claim.status} ${claim.text}`);
  const task = JSON.parse(claim.text);
  const turns = Array.from({ length: task.slotCount }, (_, i) => `CI answer ${i + 1} to ${task.externalId}.`);
  const submit = await api("POST", `/tasks/${task.id}/submit`, labeler, { turns });
  check(submit.status === 201, `submit: ${submit.status} ${submit.text}`);
  const response = JSON.parse(submit.text);
  const exportRes = await api("GET", "/projects/demo/export?status=submitted", admin);
  check(
    exportRes.status === 200 && exportRes.text.includes(turns[0]),
    `export: ${exportRes.status} ${exportRes.text.slice(0, 500)}`,
  );
  return { admin, responseId: response.id, text: turns[0] };
});
await first.stop();

const second = await timed("npm run demo: second start", startDemo);
const again = second.log();
check(
  /accounts exist already/.test(again) && /0 prompt\(s\) imported/.test(again),
  "the second start keeps accounts and prompts",
  again,
);
await timed("the data survived: same admin password, same export", async () => {
  check(await signIn("admin@example.com", adminPassword), "admin sign-in after the restart failed", again);
  const exportRes = await api("GET", "/projects/demo/export?status=submitted", exported.admin);
  check(
    exportRes.status === 200 && exportRes.text.includes(exported.text),
    `export after the restart: ${exportRes.status}`,
    again,
  );
});
await second.stop();
console.log("embedded demo: all checks passed");
