import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool, prisma } from "@/lib/db";
import { GET } from "@/app/api/v1/projects/[id]/export/route";
import { callApi } from "@/lib/testing/api-client";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { EXPORT_RETRY_AFTER_SECONDS } from "./export-slots";

// Set before anything reads the settings (lib/env.ts reads them once, on first use).
vi.hoisted(() => {
  vi.stubEnv("EXEMPLAR_MAX_CONCURRENT_EXPORTS", "2");
  vi.stubEnv("EXEMPLAR_EXPORT_IDLE_TIMEOUT_SECONDS", "1");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** Pooled connections in use right now: an export's snapshot holds one until its stream ends. */
const checkedOut = () => pool().totalCount - pool().idleCount;

describe("exports running at once", () => {
  let admin: TestUser;
  let projectId: string;

  beforeAll(async () => {
    [admin] = await createTestUsers("admin");
    projectId = (await createProjectWithPrompts(admin.actor, [{ prompt: "One?" }])).id;
    // Enough accepted responses that the export is still streaming after its first chunk.
    await prisma.$executeRaw`
      WITH p AS (
        INSERT INTO prompts (project_id, external_id, seq, messages, slot_count, taken)
        SELECT ${projectId}::uuid, 'row-' || i, 1000 + i,
               jsonb_build_array(jsonb_build_object('role', 'user', 'content', repeat('question ', 200)),
                                 jsonb_build_object('role', 'assistant', 'content', NULL)), 1, 1
          FROM generate_series(1, 2000) i
        RETURNING id, external_id),
      g AS (SELECT id FROM guidelines_versions WHERE project_id = ${projectId}::uuid LIMIT 1),
      t AS (
        INSERT INTO tasks (project_id, prompt_id, user_id, status, guidelines_version_id, expires_at, finished_at)
        SELECT ${projectId}::uuid, p.id, ${admin.actor.id}::uuid, 'submitted', g.id, now(), now() FROM p, g
        RETURNING id, prompt_id)
      INSERT INTO responses (task_id, project_id, prompt_id, author_id, status, turns, token_count)
      SELECT t.id, ${projectId}::uuid, t.prompt_id, ${admin.actor.id}::uuid, 'accepted', jsonb_build_array(repeat('answer ', 200)), 3
        FROM t`;
  });

  /** An export whose client read one chunk and then stopped reading. */
  async function startExport(query = "") {
    const response = await GET(
      new Request(`http://exemplar.test/api/v1/projects/${projectId}/export${query}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      }),
      { params: Promise.resolve({ id: projectId }) },
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    return reader;
  }

  it("refuses an export past EXEMPLAR_MAX_CONCURRENT_EXPORTS with 429 and Retry-After, and admits one once a place is free", async () => {
    const first = await startExport();
    const second = await startExport("?format=sharegpt");
    expect(checkedOut()).toBe(2);

    const refused = await admin.api.get(`/api/v1/projects/${projectId}/export`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(EXPORT_RETRY_AFTER_SECONDS));
    expect(refused.body).toEqual({
      error: {
        code: "rate_limited",
        message: `The server is busy: 2 other exports are running; retry in ${EXPORT_RETRY_AFTER_SECONDS} seconds`,
        details: { retryAfter: EXPORT_RETRY_AFTER_SECONDS },
      },
    });
    // Refused before a connection was taken.
    expect(checkedOut()).toBe(2);

    await first.cancel();
    const admitted = await admin.api.get(`/api/v1/projects/${projectId}/export?limit=5`);
    expect(admitted.status).toBe(200);
    expect(admitted.text.split("\n").filter(Boolean)).toHaveLength(5);
    await second.cancel();
    await expect.poll(checkedOut).toBe(0);
  });

  it("frees the place however an export ends: read to the end, a bad parameter, a project that does not exist", async () => {
    for (let i = 0; i < 3; i++)
      expect((await admin.api.get(`/api/v1/projects/${projectId}/export?limit=2`)).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await admin.api.get(`/api/v1/projects/${projectId}/export?format=nope`)).status).toBe(400);
    for (let i = 0; i < 3; i++)
      expect((await admin.api.get("/api/v1/projects/no-such-project/export")).status).toBe(404);
    const both = [await startExport(), await startExport()];
    for (const reader of both) await reader.cancel();
    await expect.poll(checkedOut).toBe(0);
  });

  it("stops an export whose client reads nothing for EXEMPLAR_EXPORT_IDLE_TIMEOUT_SECONDS, returning its connection and its place", async () => {
    const stalled = [await startExport(), await startExport("?format=chatml")];
    expect(checkedOut()).toBe(2);
    // The clients hold their streams but read nothing: after the idle timeout both connections are back.
    await expect.poll(checkedOut, { timeout: 5_000, interval: 100 }).toBe(0);
    for (const reader of stalled) await expect(reader.read()).rejects.toThrow(/read nothing for 1 seconds/);
    // And both places are free again.
    const again = [await startExport(), await startExport()];
    for (const reader of again) await reader.cancel();
  });

  it("does not count the time the database takes: a client that keeps reading gets the whole export", async () => {
    const res = await callApi("GET", `/api/v1/projects/${projectId}/export?format=sharegpt`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.text.split("\n").filter(Boolean)).toHaveLength(2000);
  });
});
