import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { callApi, type ApiResult } from "@/lib/testing/api-client";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

/**
 * Object-level authorization (docs/security-authz.md; Label Studio #9796/#9924, CVE-2023-47117): ids that belong
 * to someone else, or to another project, are answered exactly like ids that do not exist, and no
 * query parameter can reach into a query's shape.
 */
const same = (res: ApiResult) => ({ status: res.status, body: res.body });

describe("object-level access", () => {
  let admin: TestUser, reviewer: TestUser, a: TestUser, b: TestUser;
  let project: { id: string }, otherProject: { id: string };
  let taskA: string, responseA: string, responseB: string, otherPromptId: string, otherResponse: string;

  beforeAll(async () => {
    [admin, reviewer, a, b] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
    project = await createProjectWithPrompts(admin.actor, [{ prompt: "One" }, { prompt: "Two" }, { prompt: "Three" }], {
      responsesPerPrompt: 3,
    });
    otherProject = await createProjectWithPrompts(admin.actor, [{ prompt: "Elsewhere" }]);
    const claim = async (who: TestUser, projectId: string) =>
      (await who.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    responseA = (await a.api.post(`/api/v1/tasks/${await claim(a, project.id)}/submit`, { content: "A answers one" }))
      .body.id;
    responseB = (await b.api.post(`/api/v1/tasks/${await claim(b, project.id)}/submit`, { content: "B answers one" }))
      .body.id;
    taskA = await claim(a, project.id);
    await a.api.put(`/api/v1/tasks/${taskA}/draft`, { content: "A's private draft" });
    const elsewhere = await claim(b, otherProject.id);
    otherResponse = (await b.api.post(`/api/v1/tasks/${elsewhere}/submit`, { content: "B elsewhere" })).body.id;
    otherPromptId = (await prisma.response.findUniqueOrThrow({ where: { id: otherResponse } })).promptId;
  });

  it("answers another labeler's task exactly as a task that does not exist, and changes nothing", async () => {
    const before = await prisma.task.findUniqueOrThrow({ where: { id: taskA } });
    const nobody = randomUUID();
    for (const [method, suffix, json] of [
      ["GET", "", undefined],
      ["PUT", "/draft", { content: "hijacked" }],
      ["POST", "/submit", { content: "hijacked" }],
      ["POST", "/skip", {}],
      ["POST", "/resume", undefined],
    ] as const) {
      const theirs = await callApi(method, `/api/v1/tasks/${taskA}${suffix}`, { token: b.token, json });
      const missing = await callApi(method, `/api/v1/tasks/${nobody}${suffix}`, { token: b.token, json });
      expect(same(theirs), `${method} ${suffix}`).toEqual(same(missing));
      expect(theirs.body).toEqual({ error: { code: "not_found", message: "Task not found" } });
      // Admins and reviewers do not write other people's tasks either.
      expect((await callApi(method, `/api/v1/tasks/${taskA}${suffix}`, { token: admin.token, json })).status).toBe(404);
    }
    expect(await prisma.task.findUniqueOrThrow({ where: { id: taskA } })).toEqual(before);
    expect(await prisma.response.count({ where: { taskId: taskA } })).toBe(0);
  });

  it("never shows one labeler another's draft or response", async () => {
    const theirs = await b.api.get(`/api/v1/responses/${responseA}`);
    expect(same(theirs)).toEqual(same(await b.api.get(`/api/v1/responses/${randomUUID()}`)));
    expect(theirs.status).toBe(404);
    // Editing another's response: the same 404, and no revision.
    expect((await b.api.post(`/api/v1/responses/${responseA}/revisions`, { content: "mine now" })).status).toBe(404);
    expect(await prisma.responseRevision.count({ where: { responseId: responseA } })).toBe(1);
    // B's claim of the same prompt starts empty, and no list shows B what A wrote.
    const bTask = (await b.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    expect(bTask.draft).toBeNull();
    expect((await b.api.get(`/api/v1/projects/${project.id}/responses`)).status).toBe(403);
    for (const res of [bTask, (await b.api.get("/api/v1/projects")).body, (await b.api.get("/api/v1/tokens")).body]) {
      expect(JSON.stringify(res)).not.toMatch(/A's private draft|A answers one/);
    }
    const tokens = (await b.api.get("/api/v1/tokens")).body.items as Array<{ owner: { id: string } }>;
    expect(tokens.every((t) => t.owner.id === b.actor.id)).toBe(true);
  });

  it("lets no reviewer review or rank their own response, admins included", async () => {
    // B answers the prompt after "One" (the one the admin will get), so each ranking below has another response to rank against.
    const bHeld = (await b.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    expect((await b.api.post(`/api/v1/tasks/${bHeld.id}/submit`, { content: "B answers two" })).status).toBe(201);
    for (const who of [reviewer, admin]) {
      const task = (await who.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
      const own = (await who.api.post(`/api/v1/tasks/${task.id}/submit`, { content: `${who.actor.role} wrote this` }))
        .body.id;
      const res = await who.api.post(`/api/v1/responses/${own}/review`, { decision: "accept" });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
      expect(await prisma.review.count({ where: { responseId: own } })).toBe(0);
      const queue = (await who.api.get(`/api/v1/projects/${project.id}/responses?status=all`)).body.items as Array<{
        id: string;
      }>;
      expect(queue.map((r) => r.id)).not.toContain(own);
      const promptId = (await prisma.response.findUniqueOrThrow({ where: { id: own } })).promptId;
      const mates = await prisma.response.findMany({ where: { promptId, id: { not: own } }, select: { id: true } });
      expect(mates.length, `another response beside the ${who.actor.role}'s`).toBeGreaterThan(0);
      expect(
        (await who.api.post(`/api/v1/prompts/${promptId}/ranking`, { responseIds: [own, mates[0]!.id] })).status,
      ).toBe(403);
    }
  });

  it("never lets an id from another project bring its data along", async () => {
    // A prompt of another project as a review-list filter: nothing, not its responses.
    const filtered = await reviewer.api.get(
      `/api/v1/projects/${project.id}/responses?status=all&prompt=${otherPromptId}`,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.items).toEqual([]);
    // Ranking this project's prompt with another project's response: refused, naming only the position.
    const promptId = (await prisma.response.findUniqueOrThrow({ where: { id: responseA } })).promptId;
    const ranked = await reviewer.api.post(`/api/v1/prompts/${promptId}/ranking`, {
      responseIds: [responseA, otherResponse],
    });
    expect(ranked.status).toBe(400);
    expect(JSON.stringify(ranked.body)).not.toContain("B elsewhere");
    // An export token of the other project: 403 and no line of this project.
    const scoped = await createApiToken({
      userId: admin.actor.id,
      name: "other",
      projectId: otherProject.id,
      scope: "export",
    });
    const exported = await callApi("GET", `/api/v1/projects/${project.id}/export?status=all`, { token: scoped.secret });
    expect(exported.status).toBe(403);
    expect(exported.text).not.toContain("answers one");
  });

  describe("query parameters come from an allow-list", () => {
    // Prisma-style nested shapes and sort fields a client might try (CVE-2023-47117 filtered on password hashes).
    const hostile = [
      "labeler[passwordHash][startsWith]=s",
      "author[passwordHash][startsWith]=s",
      "orderBy=passwordHash",
      "orderBy[author][passwordHash]=asc",
      "sort=-passwordHash",
      "where=%7B%22author%22%3A%7B%22passwordHash%22%3A%7B%22startsWith%22%3A%22s%22%7D%7D%7D",
      "select[author][select][passwordHash]=true",
      "include=author",
      "status[not]=submitted",
      "__proto__[status]=accepted",
      "constructor[prototype][status]=accepted",
    ];

    it("the review list refuses them or ignores them: the results never change", async () => {
      const base = `/api/v1/projects/${project.id}/responses?status=all`;
      const baseline = await reviewer.api.get(base);
      expect(baseline.status).toBe(200);
      const ids = (res: ApiResult) => (res.body.items as Array<{ id: string }>).map((r) => r.id);
      expect(ids(baseline)).toEqual(expect.arrayContaining([responseA, responseB]));
      // A legitimate filter does change them, so an unchanged list means the parameter was ignored.
      expect(ids(await reviewer.api.get(`${base}&labeler=${a.actor.id}`))).toEqual([responseA]);
      for (const query of hostile) {
        const res = await reviewer.api.get(`${base}&${query}`);
        if (res.status === 400) expect(res.body.error.code).toBe("validation_error");
        else expect({ query, status: res.status, ids: ids(res) }).toEqual({ query, status: 200, ids: ids(baseline) });
        expect(res.text).not.toMatch(/password_?hash|scrypt\$/i);
      }
    });

    it("the export and the audit log refuse every unknown parameter", async () => {
      for (const query of hostile) {
        for (const url of [`/api/v1/projects/${project.id}/export?${query}`, `/api/v1/audit?${query}`]) {
          const res = await admin.api.get(url);
          expect({ url, status: res.status, code: res.body?.error?.code }).toEqual({
            url,
            status: 400,
            code: "validation_error",
          });
        }
      }
    });
  });
});
