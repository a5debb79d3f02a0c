import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool, prisma } from "@/lib/db";
import { callApi, type ApiResult } from "@/lib/testing/api-client";
import { createTestProject, createTestUsers, jsonl, type TestUser } from "@/lib/testing/factories";
import { IMPORT_RETRY_AFTER_SECONDS } from "./import-slots";

// A pool no larger than the import cap: were imports to hold pooled connections, two slow uploads would take all of
// them. Set before anything reads the settings (lib/env.ts reads them once, on first use).
vi.hoisted(() => {
  vi.stubEnv("DATABASE_POOL_SIZE", "2");
  vi.stubEnv("EXEMPLAR_MAX_CONCURRENT_IMPORTS", "2");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** Connections the imports opened (lib/db.ts connectDedicated names them). */
async function importConnections(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'exemplar-import'",
  );
  return rows[0]!.n;
}

/** Pooled connections in use right now (none, between the test's own awaited queries). */
const checkedOut = () => pool().totalCount - pool().idleCount;

/**
 * An upload over a slow link: the first lines arrive, then the body stays open until the test ends it, either
 * normally or as a client that goes away. `pulls` counts the server's reads of the body.
 */
function slowBody(firstLines: string) {
  let end!: (how: "finish" | "abort") => void;
  const ended = new Promise<"finish" | "abort">((resolve) => (end = resolve));
  let waiting!: () => void;
  const waitingForMore = new Promise<void>((resolve) => (waiting = resolve));
  const state = { pulls: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        state.pulls += 1;
        if (state.pulls === 1) return controller.enqueue(Buffer.from(firstLines));
        // The import took the first lines and asks for more: its transaction is open and its COPY running.
        waiting();
        if ((await ended) === "abort") controller.error(new Error("the client went away"));
        else controller.close();
      },
    },
    // Read only on demand, so `pulls` says what the server asked for.
    { highWaterMark: 0 },
  );
  return { body, state, waitingForMore, finish: () => end("finish"), abort: () => end("abort") };
}

describe("prompt imports running at once", () => {
  let admin: TestUser, labeler: TestUser;
  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
  });

  const post = (projectId: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    callApi("POST", `/api/v1/projects/${projectId}/prompts`, { token: admin.token, body, headers });

  /** Starts an import whose upload stays open, and returns once the server is reading it. */
  async function startSlowImport(prefix: string) {
    const project = await createTestProject(admin.actor);
    const upload = slowBody(
      jsonl([
        { id: `${prefix}-1`, prompt: "First" },
        { id: `${prefix}-2`, prompt: "Second" },
      ]),
    );
    const response = post(project.id, upload.body);
    await Promise.race([
      upload.waitingForMore,
      response.then((r: ApiResult) => {
        throw new Error(`answered ${r.status} before reading the body: ${r.text}`);
      }),
    ]);
    return { project, response, ...upload };
  }

  it("holds no pooled connection while slow uploads are in progress, so other requests are answered at once", async () => {
    const slow = [await startSlowImport("a"), await startSlowImport("b")];
    // Each import is on a connection of its own, open with its transaction; the pool has none checked out.
    expect(await importConnections()).toBe(2);
    expect(checkedOut()).toBe(0);
    expect(pool().waitingCount).toBe(0);

    const started = performance.now();
    const me = await labeler.api.get("/api/v1/me");
    expect(me.status).toBe(200);
    // Well under the 4 s a request waits for a pooled connection before its 503 (lib/db.ts).
    expect(performance.now() - started).toBeLessThan(2000);

    for (const s of slow) s.finish();
    const done = await Promise.all(slow.map((s) => s.response));
    expect(done.map((r) => [r.status, r.body])).toEqual([
      [200, { imported: 2, skipped: 0, specialTokenPrompts: 0, errors: [] }],
      [200, { imported: 2, skipped: 0, specialTokenPrompts: 0, errors: [] }],
    ]);
    await expect.poll(importConnections).toBe(0);
  });

  it("refuses the import past EXEMPLAR_MAX_CONCURRENT_IMPORTS with 429 and Retry-After, reading nothing, and admits one once a place is free", async () => {
    const slow = [await startSlowImport("c"), await startSlowImport("d")];
    const project = await createTestProject(admin.actor);
    const extra = slowBody(jsonl([{ prompt: "Too many" }]));
    extra.finish(); // were it admitted, it would complete (200) rather than hang the test
    const refused = await post(project.id, extra.body);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(IMPORT_RETRY_AFTER_SECONDS));
    expect(refused.body).toEqual({
      error: {
        code: "rate_limited",
        message: `The server is busy: 2 other imports are running; retry in ${IMPORT_RETRY_AFTER_SECONDS} seconds`,
        details: { retryAfter: IMPORT_RETRY_AFTER_SECONDS },
      },
    });
    expect(extra.state.pulls).toBe(0);
    expect(await importConnections()).toBe(2);

    for (const s of slow) s.finish();
    expect((await Promise.all(slow.map((s) => s.response))).map((r) => r.status)).toEqual([200, 200]);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
    const retried = await post(project.id, jsonl([{ prompt: "Now" }]));
    expect(retried).toMatchObject({ status: 200, body: { imported: 1, skipped: 0 } });
  });

  it("frees the place and closes the connection however an import ends: bad lines, too large, no such project, a client gone mid-upload", async () => {
    const project = await createTestProject(admin.actor);
    expect((await post(project.id, "not json\n")).status).toBe(422);
    expect((await post(project.id, jsonl([{ prompt: "x" }]), { "content-length": String(1024 ** 4) })).status).toBe(
      413,
    );
    expect((await post("00000000-0000-4000-8000-000000000000", jsonl([{ prompt: "x" }]))).status).toBe(404);

    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const gone = await startSlowImport("e");
      gone.abort();
      expect((await gone.response).status).not.toBe(200);
      expect(await prisma.prompt.count({ where: { projectId: gone.project.id } })).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    // The aborted import's connection is closed (the server rolled its transaction back), not left open.
    await expect.poll(importConnections).toBe(0);

    // Both places are free again: two more slow imports are admitted, not refused.
    const slow = [await startSlowImport("f"), await startSlowImport("g")];
    for (const s of slow) s.finish();
    expect((await Promise.all(slow.map((s) => s.response))).map((r) => r.status)).toEqual([200, 200]);
  });
});
