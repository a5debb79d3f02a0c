import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Client } from "pg";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { startApp, type AppProcess } from "../lib/testing/app-process";
import { expect, test } from "./fixtures";
import { createPgInstance, type PgInstance } from "./support/pg-instance";
import { createLabelers, createProject, runLabeler, sleep, type Acknowledged, type Sample } from "./support/labelers";

const run = promisify(execFile);

// Faults (docs/scaling.md "When the database goes away"): PostgreSQL stops for 3 s in the middle of labeling and comes back. Requests during the
// outage must get a 503 JSON error with Retry-After at once (no hang), the app must recover by itself (no
// restart, no crash), and every submit that was answered 2xx must be in the database afterwards. The
// server is a private one (initdb into a temporary folder, its own port), never the shared one.
const LABELERS = 16;

// 16 labelers' load and answers timed within seconds: no other spec shares the machine meanwhile.
test.use({ alone: true });
const OUTAGE_MS = 3_000;

let pg: PgInstance | undefined;
let app: AppProcess | undefined;
let api: APIRequestContext | undefined;

test.afterAll(async () => {
  await api?.dispose();
  await app?.stop();
  await pg?.destroy();
});

async function until(condition: () => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(50);
}

/** `npm run exemplar -- …` against the private server: the same commands an operator runs. */
async function cli(databaseUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("npm", ["run", "-s", "exemplar", "--", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, EXEMPLAR_PASSWORD: "restart-test-password" },
  });
  return stdout;
}

test("a PostgreSQL restart under load: 503 with Retry-After during the outage, recovery, no acknowledged submit lost", async () => {
  test.setTimeout(120_000);
  pg = await createPgInstance();
  const databaseUrl = pg.url("exemplar");
  await cli(databaseUrl, "migrate");
  await cli(
    databaseUrl,
    "user:create",
    "--email",
    "restart-admin@example.test",
    "--name",
    "Restart Admin",
    "--role",
    "admin",
  );
  const adminToken = (await cli(databaseUrl, "token:create", "--email", "restart-admin@example.test"))
    .trim()
    .split("\n")
    .at(-1)!;

  app = await startApp({ databaseUrl });
  api = await playwrightRequest.newContext({ baseURL: app.url });
  const projectId = await createProject(api, adminToken, 1000, 2);
  const labelers = await createLabelers(api, adminToken, databaseUrl, LABELERS);

  const samples: Sample[] = [];
  const acknowledged: Acknowledged[] = [];
  let stopping = false;
  const load = Promise.all(
    labelers.map((labeler) =>
      runLabeler({
        api: api!,
        instance: 0,
        labeler,
        projectId,
        samples,
        acknowledged,
        stop: () => stopping,
        retryMs: 100,
        thinkMs: 50,
        deadline: Date.now() + 60_000,
      }),
    ),
  );

  // Stop the server once work flows (the first requests load the routes), for OUTAGE_MS; then let work
  // flow again for at least 3 s and until every labeler could have submitted once more.
  await until(() => acknowledged.length >= LABELERS);
  const ackedBeforeOutage = acknowledged.length;
  const healthBefore = await api.get("/api/v1/health");
  await pg.stop();
  const down = Date.now();
  // The readiness check a load balancer polls says so within seconds (it pings at most once a second).
  let healthDuring = await api.get("/api/v1/health");
  while (healthDuring.status() === 200 && Date.now() - down < 5_000) {
    await sleep(200);
    healthDuring = await api.get("/api/v1/health");
  }
  const healthDuringMs = Date.now() - down;
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));
  const restarting = Date.now();
  await pg.start();
  const up = Date.now();
  await sleep(3_000);
  await until(() => acknowledged.length >= ackedBeforeOutage + LABELERS);
  stopping = true;
  await load;

  const byStatus: Record<number, number> = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  console.log(
    `${samples.length} requests; by status ${JSON.stringify(byStatus)}; ` +
      `${ackedBeforeOutage} submits before the outage, ${acknowledged.length} in all; restart took ${up - restarting} ms`,
  );

  // No 500, no hang: only successes, "no work" and 503s, each 503 in the one error shape with Retry-After.
  expect(
    samples
      .filter((s) => ![200, 201, 204, 503].includes(s.status))
      .map((s) => `${s.endpoint} ${s.status} ${JSON.stringify(s.body)}`),
  ).toEqual([]);
  for (const s of samples.filter((x) => x.status === 503)) {
    expect(s.body).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    expect(s.retryAfter).toMatch(/^\d+$/);
    expect(s.ms).toBeLessThan(5_000);
  }

  // While the server was down, every request got its 503 at once.
  const duringOutage = samples.filter((s) => s.startedAt >= down && s.startedAt < restarting - 200);
  expect(duringOutage.length).toBeGreaterThan(10);
  expect(duringOutage.filter((s) => s.status !== 503 || s.ms >= 5_000)).toEqual([]);

  // Readiness: ok, then 503 with Retry-After within the 5 s, then ok again without a restart.
  expect(healthBefore.status()).toBe(200);
  expect(healthDuring.status()).toBe(503);
  expect(healthDuring.headers()["retry-after"]).toMatch(/^\d+$/);
  expect(await healthDuring.json()).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
  expect(healthDuringMs).toBeLessThan(5_000);
  expect((await api.get("/api/v1/health")).status()).toBe(200);

  // The same app process recovered on its own: once the server was back, work went through again.
  expect(app.running()).toBe(true);
  const afterRecovery = samples.filter((s) => s.startedAt > up + 1_000);
  expect(afterRecovery.some((s) => s.endpoint === "submit" && s.status === 201)).toBe(true);
  expect(afterRecovery.filter((s) => s.status >= 500)).toEqual([]);
  expect(ackedBeforeOutage).toBeGreaterThan(0);

  // Every acknowledged submit is in the database with its text, once; the place counters still add up.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows: stored } = await db.query<{ id: string; task_id: string; turns: string[] }>(
      `SELECT id, task_id, turns FROM responses WHERE project_id = $1`,
      [projectId],
    );
    const byId = new Map(stored.map((r) => [r.id, r]));
    const missing = acknowledged.filter(
      (a) => byId.get(a.responseId)?.task_id !== a.taskId || byId.get(a.responseId)?.turns[0] !== a.text,
    );
    expect(missing).toEqual([]);
    expect(new Set(acknowledged.map((a) => a.responseId)).size).toBe(acknowledged.length);
    const { rows: counters } = await db.query(
      `SELECT p.id, p.taken,
              (SELECT count(*) FROM responses r WHERE r.prompt_id = p.id)::int
            + (SELECT count(*) FROM tasks t WHERE t.prompt_id = p.id AND t.status = 'active')::int AS holders
         FROM prompts p WHERE p.project_id = $1`,
      [projectId],
    );
    expect(counters.filter((c) => c.taken !== c.holders || c.taken > 2)).toEqual([]);
  } finally {
    await db.end();
  }
});
