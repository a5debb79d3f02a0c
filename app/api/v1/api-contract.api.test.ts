import { beforeAll, describe, expect, it, vi } from "vitest";
import { callApi } from "@/lib/testing/api-client";
import { browserAs } from "@/lib/testing/session-cookie";
import {
  createProjectWithPrompts,
  createTestUser,
  createTestUsers,
  uniq,
  type TestUser,
} from "@/lib/testing/factories";
import { pool, prisma } from "@/lib/db";

// The stable parts of API v1 that pipelines rely on: the error shape and statuses, who may do
// what, and that one user's things are invisible to another.
describe("API v1 contract", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser, other: TestUser;
  let projectId: string;

  beforeAll(async () => {
    [admin, reviewer, labeler, other] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
    projectId = (
      await createProjectWithPrompts(admin.actor, [{ prompt: "a" }, { prompt: "b" }], { responsesPerPrompt: 2 })
    ).id;
  });

  it("answers 401 with the error shape without credentials or with a bad token", async () => {
    const anonymous = await callApi("GET", "/api/v1/projects");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
    const bad = await callApi("GET", "/api/v1/projects", { token: "exm_not-a-real-token-at-all-000000" });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    const malformed = await callApi("GET", "/api/v1/projects", { headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);
  });

  it("answers readiness to anyone, saying only that the database is reachable, with one ping a second", async () => {
    (globalThis as { exemplarPing?: unknown }).exemplarPing = undefined;
    const queries = vi.spyOn(pool(), "query");
    try {
      for (let i = 0; i < 3; i++) {
        const health = await callApi("GET", "/api/v1/health");
        expect(health.status).toBe(200);
        expect(health.body).toEqual({ status: "ok" });
        expect(health.headers.get("cache-control")).toBe("no-store");
      }
      expect(queries).toHaveBeenCalledTimes(1);
    } finally {
      queries.mockRestore();
    }
  });

  it("lets only admins create projects, validates the body and refuses a taken slug", async () => {
    const slug = uniq("slug");
    expect((await labeler.api.post("/api/v1/projects", { name: "x", guidelines: "g" })).status).toBe(403);
    expect((await reviewer.api.post("/api/v1/projects", { name: "x", guidelines: "g" })).status).toBe(403);
    const invalid = await admin.api.post("/api/v1/projects", { name: "", guidelines: 5, responsesPerPrompt: 0 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("validation_error");
    expect(invalid.body.error.details.map((d: { path: string[] }) => d.path[0])).toEqual(
      expect.arrayContaining(["name", "guidelines", "responsesPerPrompt"]),
    );
    const created = await admin.api.post("/api/v1/projects", { name: "New one", slug, guidelines: "# G" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug, name: "New one", responsesPerPrompt: 1, maxResponseTokens: 4096 });
    const taken = await admin.api.post("/api/v1/projects", { name: "Again", slug, guidelines: "# G" });
    expect(taken.status).toBe(409);
  });

  it("answers 400 bad_json to malformed JSON", async () => {
    const res = await callApi("POST", "/api/v1/projects", {
      token: admin.token,
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("bad_json");
  });

  it("keeps earlier guidelines versions when an admin publishes a new one", async () => {
    const put = await admin.api.put(`/api/v1/projects/${projectId}/guidelines`, { markdown: "# Version two" });
    expect(put.status).toBe(201);
    expect(put.body.version).toBe(2);
    expect((await labeler.api.put(`/api/v1/projects/${projectId}/guidelines`, { markdown: "# mine" })).status).toBe(
      403,
    );
    const versions = await labeler.api.get(`/api/v1/projects/${projectId}/guidelines`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const task = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(task.body.guidelines).toEqual({ version: 2, markdown: "# Version two" });
  });

  it("takes a slug wherever it takes a project id, and changes only the settings given", async () => {
    const slug = uniq("by-slug");
    await admin.api.post("/api/v1/projects", { name: "Slugged", slug, guidelines: "# One" });
    const patched = await admin.api.patch(`/api/v1/projects/${slug}`, { maxResponseTokens: 512 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ slug, name: "Slugged", maxResponseTokens: 512, responsesPerPrompt: 1 });
    expect((await admin.api.put(`/api/v1/projects/${slug}/guidelines`, { markdown: "# Two" })).body.version).toBe(2);
    expect((await admin.api.get(`/api/v1/projects/${slug}/guidelines`)).body.items).toHaveLength(2);
    expect(
      (
        await admin.api.post("/api/v1/projects", {
          name: "Ü",
          slug: "00000000-0000-0000-0000-000000000000",
          guidelines: "g",
        })
      ).status,
    ).toBe(400);
  });

  it("lists projects with the caller's available work", async () => {
    const res = await other.api.get("/api/v1/projects");
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const mine = res.body.items.find((p: { id: string }) => p.id === projectId);
    expect(mine).toMatchObject({ promptCount: 2, availableTasks: 2 });
  });

  it("hides one labeler's task from another: read, draft, submit and skip are 404", async () => {
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    expect((await other.api.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
    expect((await other.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "x" })).status).toBe(404);
    expect((await other.api.post(`/api/v1/tasks/${task.id}/submit`, { content: "x" })).status).toBe(404);
    expect((await other.api.post(`/api/v1/tasks/${task.id}/skip`)).status).toBe(404);
    expect((await other.api.get(`/api/v1/tasks/not-a-uuid`)).status).toBe(404);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("active");
  });

  it("keeps review and export to their roles", async () => {
    expect((await labeler.api.get(`/api/v1/projects/${projectId}/responses`)).status).toBe(403);
    expect((await reviewer.api.get(`/api/v1/projects/${projectId}/responses`)).status).toBe(200);
    expect((await reviewer.api.get(`/api/v1/projects/${projectId}/responses?cursor=99999999999`)).status).toBe(400);
    expect((await reviewer.api.get(`/api/v1/projects/${projectId}/export`)).status).toBe(403);
    expect((await admin.api.get(`/api/v1/projects/${projectId}/export?status=bogus`)).status).toBe(400);
    expect((await admin.api.get(`/api/v1/projects/00000000-0000-0000-0000-000000000000/export`)).status).toBe(404);
  });

  it("stops a revoked token and a deactivated user's token at once", async () => {
    const user = await createTestUser("labeler");
    const tokens = await user.api.get("/api/v1/tokens");
    expect(tokens.body.items).toHaveLength(1);
    // Created by the signed-in user: a token cannot create tokens.
    const second = await (await browserAs(user.actor.id)).post("/api/v1/tokens", { name: "pipeline" });
    expect(second.status).toBe(201);
    expect(second.body.secret).toMatch(/^exm_/);
    expect((await callApi("DELETE", `/api/v1/tokens/${second.body.id}`, { token: user.token })).status).toBe(204);
    expect((await callApi("GET", "/api/v1/me", { token: second.body.secret })).status).toBe(401);
    expect((await callApi("DELETE", "/api/v1/tokens/not-a-uuid", { token: user.token })).status).toBe(404);
    expect((await callApi("DELETE", `/api/v1/tokens/${second.body.id}`, { token: other.token })).status).toBe(404);

    expect((await user.api.get("/api/v1/me")).status).toBe(200);
    const off = await admin.api.patch(`/api/v1/users/${user.actor.id}`, { active: false });
    expect(off.status).toBe(200);
    expect((await user.api.get("/api/v1/me")).status).toBe(401);
  });
});
