import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { callApi } from "@/lib/testing/api-client";
import { browserAs } from "@/lib/testing/session-cookie";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// A pipeline's token for one project can export that project and nothing else. Tokens are created by a signed-in
// person (a token cannot create tokens: lib/api-tokens/token-lifecycle.api.test.ts).
describe("project-scoped export tokens", () => {
  let admin: TestUser, labeler: TestUser;
  let adminBrowser: Awaited<ReturnType<typeof browserAs>>, labelerBrowser: Awaited<ReturnType<typeof browserAs>>;
  let mine: { id: string; slug: string }, other: { id: string; slug: string };
  let secret: string;

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
    [adminBrowser, labelerBrowser] = [await browserAs(admin.actor.id), await browserAs(labeler.actor.id)];
    mine = await createProjectWithPrompts(admin.actor, [{ prompt: "a" }]);
    other = await createProjectWithPrompts(admin.actor, [{ prompt: "b" }]);
    const created = await adminBrowser.post("/api/v1/tokens", { name: "nightly", project: mine.slug, scope: "export" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: "export", project: { id: mine.id, slug: mine.slug } });
    secret = created.body.secret;
  });

  it("exports its own project, by id or slug", async () => {
    expect((await callApi("GET", `/api/v1/projects/${mine.id}/export`, { token: secret })).status).toBe(200);
    expect((await callApi("GET", `/api/v1/projects/${mine.slug}/export?status=all`, { token: secret })).status).toBe(
      200,
    );
  });

  it("cannot export another project", async () => {
    const res = await callApi("GET", `/api/v1/projects/${other.id}/export`, { token: secret });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  it("can do nothing else, not even read its own project", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/projects"],
      ["GET", `/api/v1/projects/${mine.id}`],
      ["GET", `/api/v1/projects/${mine.id}/responses`],
      ["POST", `/api/v1/projects/${mine.id}/tasks/next`],
      ["PUT", `/api/v1/projects/${mine.id}/guidelines`],
      ["GET", "/api/v1/tokens"],
      ["GET", "/api/v1/users"],
      ["GET", "/api/v1/me"],
    ] as const) {
      const res = await callApi(method, url, { token: secret, json: method === "GET" ? undefined : { markdown: "x" } });
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    expect(await prisma.guidelinesVersion.count({ where: { projectId: mine.id } })).toBe(1);
  });

  it("is for admins to create, scoped to export by default, and stops when it expires", async () => {
    expect(
      (await labelerBrowser.post("/api/v1/tokens", { name: "x", project: mine.slug, scope: "export" })).status,
    ).toBe(403);
    expect((await adminBrowser.post("/api/v1/tokens", { name: "x", scope: "export" })).status).toBe(400);
    expect((await adminBrowser.post("/api/v1/tokens", { name: "x", project: mine.slug })).body.scope).toBe("export");
    expect(
      (await adminBrowser.post("/api/v1/tokens", { name: "x", project: "no-such-project", scope: "export" })).status,
    ).toBe(404);
    const expiring = await adminBrowser.post("/api/v1/tokens", {
      name: "short",
      project: mine.slug,
      scope: "export",
      expiresInDays: 1,
    });
    await prisma.apiToken.update({ where: { id: expiring.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callApi("GET", `/api/v1/projects/${mine.id}/export`, { token: expiring.body.secret })).status).toBe(
      401,
    );
  });

  it("lists the scope and project beside the token, and revokes like any other", async () => {
    const list = await admin.api.get("/api/v1/tokens");
    const row = list.body.items.find((t: { name: string; scope: string | null }) => t.name === "nightly");
    expect(row).toMatchObject({ scope: "export", project: { slug: mine.slug } });
    expect(row.lastUsedAt).not.toBeNull();
    expect((await admin.api.delete(`/api/v1/tokens/${row.id}`)).status).toBe(204);
    expect((await callApi("GET", `/api/v1/projects/${mine.id}/export`, { token: secret })).status).toBe(401);
  });
});
