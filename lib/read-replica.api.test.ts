import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import { createPgInstance, createPgReplica, missingPgTools, type PgInstance } from "@/e2e/support/pg-instance";
import { listMyWork } from "@/lib/analytics/my-work";
import { disconnect } from "@/lib/db";
import { env } from "@/lib/env";
import { ensureDatabase, migrate } from "@/lib/migrations/migrate";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { exportLines } from "@/lib/testing/export-fixtures";
import { submitThroughApi } from "@/lib/testing/review-fixtures";

// DATABASE_READ_URL against a real streaming replica: a private primary (initdb) and its hot standby
// (pg_basebackup -R), each on a port of its own, started here and removed at the end. The replica logs every
// statement with the connection's application_name, so the test sees which reads reached it: the app's read
// pool calls itself `exemplar-read` (lib/db.ts). Replay is paused to make the replica lag for as long as the
// test needs, and nothing anyone just wrote may go missing from a screen meanwhile (docs/scaling.md "A read
// replica").
const TOOLS = ["initdb", "pg_ctl", "pg_basebackup"];
const missing = missingPgTools(TOOLS);
if (missing.length > 0) console.warn(`read replica test skipped: ${missing.join(", ")} not found (set PG_BIN)`);

describe.skipIf(missing.length > 0)("reads on a streaming replica (DATABASE_READ_URL)", () => {
  let primary: PgInstance | undefined;
  let replica: PgInstance | undefined;
  let control: Client; // the test's own connection to the replica, to pause replay and look
  let primaryControl: Client;
  let admin: TestUser, labeler: TestUser, reviewer: TestUser;
  let projectId: string;
  const saved = { url: process.env.DATABASE_URL, read: process.env.DATABASE_READ_URL };

  beforeAll(async () => {
    primary = await createPgInstance();
    await ensureDatabase(primary.url("exemplar"));
    await migrate(primary.url("exemplar"));
    replica = await createPgReplica(primary, { log_statement: "all", log_line_prefix: "%a:" });
    process.env.DATABASE_URL = primary.url("exemplar");
    process.env.DATABASE_READ_URL = replica.url("exemplar");
    // The settings are read once per process; nothing may have read them before this point.
    expect(env().DATABASE_READ_URL).toBe(replica.url("exemplar"));
    control = new Client({ connectionString: replica.url("exemplar"), application_name: "replica-test" });
    primaryControl = new Client({ connectionString: primary.url("exemplar"), application_name: "replica-test" });
    await Promise.all([control.connect(), primaryControl.connect()]);

    [admin, labeler, reviewer] = await createTestUsers("admin", "labeler", "reviewer");
    const prompts = ["one", "two", "three"].map((id) => ({ id, prompt: `Question ${id}?` }));
    projectId = (await createProjectWithPrompts(admin.actor, prompts, { responsesPerPrompt: 1 })).id;
    await caughtUp();
  }, 120_000);

  afterAll(async () => {
    await disconnect();
    await control?.end().catch(() => {});
    await primaryControl?.end().catch(() => {});
    await replica?.destroy();
    await primary?.destroy();
    restore("DATABASE_URL", saved.url);
    restore("DATABASE_READ_URL", saved.read);
  });

  /** Waits until the replica has replayed everything the primary has written. */
  async function caughtUp() {
    const { rows } = await primaryControl.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    for (let i = 0; i < 500; i++) {
      const check = await control.query<{ done: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [
        rows[0]!.lsn,
      ]);
      if (check.rows[0]!.done) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("the replica did not catch up");
  }

  /** The statements the app's read pool ran on the replica while `action` ran, without its lag checks. */
  async function replicaReadsDuring(action: () => Promise<unknown>): Promise<string[]> {
    const before = replica!.log().length;
    await action();
    return replica!
      .log()
      .slice(before)
      .split(/\n(?=\S*:[A-Z]+: {2})/)
      .filter((entry) => entry.startsWith("exemplar-read:LOG:"))
      .filter((entry) => !entry.includes("pg_last_wal_replay_lsn"));
  }

  async function onReplica(sql: string, values: unknown[] = []) {
    return (await control.query(sql, values)).rows;
  }

  it("sends analytics, the prompts search, the audit log and the export to the replica once it has caught up", async () => {
    await caughtUp();
    const analytics = await replicaReadsDuring(async () => {
      const res = await admin.api.get(`/api/v1/projects/${projectId}/stats`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.progress.prompts).toBe(3);
    });
    expect(analytics.some((s) => s.includes("responses"))).toBe(true);

    const csv = await replicaReadsDuring(async () => {
      expect((await admin.api.get(`/api/v1/projects/${projectId}/stats/daily.csv`)).status).toBe(200);
    });
    expect(csv.length).toBeGreaterThan(0);

    const search = await replicaReadsDuring(async () => {
      const res = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items).toHaveLength(3);
    });
    expect(search.some((s) => s.includes("prompts"))).toBe(true);

    const audit = await replicaReadsDuring(async () => {
      const res = await admin.api.get(`/api/v1/audit?projectId=${projectId}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
    });
    expect(audit.some((s) => s.includes("audit_events"))).toBe(true);

    // A labeler's own screens never do.
    const own = await replicaReadsDuring(async () => {
      expect((await labeler.api.get(`/api/v1/projects/${projectId}`)).status).toBe(200);
      await listMyWork(labeler.actor);
    });
    expect(own).toEqual([]);
  });

  it("keeps what a labeler submits and a reviewer decides on every screen while the replica lags", async () => {
    await caughtUp();
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      const [response] = await submitThroughApi(labeler, projectId, ["A fresh answer."]);
      const responseId = response!.id;
      // The replica really is behind: it has not seen the response.
      expect(await onReplica("SELECT id FROM responses WHERE id = $1", [responseId])).toEqual([]);

      // The labeler's own screens: the task and My work read the primary.
      const task = await labeler.api.get(`/api/v1/tasks/${response!.taskId}`);
      expect(task.status, task.text).toBe(200);
      expect((await listMyWork(labeler.actor)).items.map((i) => i.id)).toContain(responseId);

      // The reviewer decides, and sees the decision on the response and in the project's list of prompts.
      const review = await reviewer.api.post(`/api/v1/responses/${responseId}/review`, { decision: "accept" });
      expect(review.status, review.text).toBeLessThan(300);
      const seen = await reviewer.api.get(`/api/v1/responses/${responseId}`);
      expect(seen.status, seen.text).toBe(200);
      expect(seen.body.status).toBe("accepted");

      // The routed reads see it too: the replica has not replayed it, so they read the primary.
      const fallback = await replicaReadsDuring(async () => {
        const search = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts`);
        expect(
          search.body.items.find((p: { externalId: string }) => p.externalId === response!.externalId),
        ).toMatchObject({ responseCount: 1, statusCounts: { accepted: 1 } });
        const analytics = await admin.api.get(`/api/v1/projects/${projectId}/stats`);
        expect(analytics.body.progress.responses.accepted).toBe(1);
        const audit = await admin.api.get(`/api/v1/audit?projectId=${projectId}`);
        expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("review.decide");
        const lines = await exportLines(admin, projectId);
        expect(lines.join("\n")).toContain("A fresh answer.");
      });
      expect(fallback).toEqual([]);
      expect(await onReplica("SELECT id FROM responses WHERE id = $1", [responseId])).toEqual([]);
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
  });

  it("exports from the replica, by COPY and through a cursor", async () => {
    await caughtUp();
    let lines: string[] = [];
    const copy = await replicaReadsDuring(async () => {
      lines = await exportLines(admin, projectId);
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).messages.at(-1)).toEqual({ role: "assistant", content: "A fresh answer." });
    expect(copy.some((s) => s.includes("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))).toBe(true);
    expect(copy.some((s) => s.includes("COPY ("))).toBe(true);

    const preview = await replicaReadsDuring(async () => {
      const res = await admin.api.get(`/api/v1/projects/${projectId}/export/preview`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.count).toBe(1);
    });
    expect(preview.some((s) => s.includes("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))).toBe(true);
  });
});

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
