import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { callApi } from "@/lib/testing/api-client";
import {
  createProjectWithPrompts,
  createTestProject,
  createTestUsers,
  jsonl,
  type TestUser,
} from "@/lib/testing/factories";
import { sessionCookie, TEST_ORIGIN } from "@/lib/testing/session-cookie";

// A browser's session cookie rides along on requests other sites make; a state-changing request authenticated
// by it must come from this origin and carry the body type the UI sends (lib/api/browser-writes.ts).
describe("cookie-authenticated writes from other sites", () => {
  let admin: TestUser, labeler: TestUser;
  let cookie: string, adminCookie: string, taskId: string;

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "Question?" }]);
    taskId = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body.id;
    cookie = await sessionCookie(labeler.actor.id);
    adminCookie = await sessionCookie(admin.actor.id);
  });

  const saveDraft = (content: string, headers: Record<string, string>, body = JSON.stringify({ content })) =>
    callApi("PUT", `/api/v1/tasks/${taskId}/draft`, {
      body,
      headers: { cookie, "content-type": "application/json", ...headers },
    });
  const draft = async () =>
    (await prisma.task.findUniqueOrThrow({ where: { id: taskId }, select: { draft: true } })).draft;

  it("accepts a write from this origin, or from a browser that says the request is same-origin", async () => {
    expect((await saveDraft("from the page", { origin: TEST_ORIGIN })).status).toBe(200);
    expect(await draft()).toEqual({ turns: ["from the page"] });
    expect((await saveDraft("fetch metadata", { "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await saveDraft("typed by the user", { "sec-fetch-site": "none" })).status).toBe(200);
    // Behind a proxy the public host arrives as X-Forwarded-Host (Next checks its server actions the same way).
    expect(
      (
        await saveDraft("via a proxy", {
          origin: "https://labels.example.com",
          "x-forwarded-host": "labels.example.com",
        })
      ).status,
    ).toBe(200);
    expect(await draft()).toEqual({ turns: ["via a proxy"] });
  });

  it("refuses a write from another origin with 403 cross_site_request, and writes nothing", async () => {
    for (const headers of <Array<Record<string, string>>>[
      { origin: "https://evil.example" },
      { origin: "http://exemplar.test.evil.example" },
      { origin: "null" },
      { origin: "https://evil.example", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ]) {
      const res = await saveDraft("forged", headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error.code).toBe("cross_site_request");
      expect(Object.keys(res.body)).toEqual(["error"]);
    }
    expect(await draft()).toEqual({ turns: ["via a proxy"] });
  });

  it("refuses the body types an HTML form can send (415), so a forged form post cannot pass as JSON", async () => {
    const body = JSON.stringify({ content: "forged" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await saveDraft("forged", { origin: TEST_ORIGIN, "content-type": type }, body);
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe("unsupported_media_type");
    }
    expect(
      (await saveDraft("with a charset", { origin: TEST_ORIGIN, "content-type": "application/json; charset=utf-8" }))
        .status,
    ).toBe(200);
    expect(await draft()).toEqual({ turns: ["with a charset"] });
  });

  it("takes the import upload as the UI sends it (application/x-ndjson) from this origin, and nothing else", async () => {
    const project = await createTestProject(admin.actor);
    const upload = (headers: Record<string, string>) =>
      callApi("POST", `/api/v1/projects/${project.id}/prompts`, {
        body: jsonl([{ prompt: "Imported?" }]),
        headers: { cookie: adminCookie, ...headers },
      });
    expect((await upload({ origin: "https://evil.example", "content-type": "application/x-ndjson" })).status).toBe(403);
    expect((await upload({ origin: TEST_ORIGIN, "content-type": "text/plain" })).status).toBe(415);
    expect((await upload({ origin: TEST_ORIGIN, "content-type": "multipart/form-data; boundary=x" })).status).toBe(415);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
    expect(await upload({ origin: TEST_ORIGIN, "content-type": "application/x-ndjson" })).toMatchObject({
      status: 200,
      body: { imported: 1 },
    });
  });

  it("checks deletes too, and leaves reads and bearer tokens alone", async () => {
    const { body: created } = await callApi("POST", "/api/v1/tokens", {
      json: { name: "to delete" },
      headers: { cookie, origin: TEST_ORIGIN },
    });
    const del = (origin: string) => callApi("DELETE", `/api/v1/tokens/${created.id}`, { headers: { cookie, origin } });
    expect((await del("https://evil.example")).status).toBe(403);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toBeNull();
    expect((await del(TEST_ORIGIN)).status).toBe(204);
    // A read changes nothing, and a cross-site page cannot read the answer (no CORS).
    expect((await callApi("GET", "/api/v1/me", { headers: { cookie, origin: "https://evil.example" } })).status).toBe(
      200,
    );
    // A browser never attaches a bearer token by itself, so a pipeline's requests are not checked.
    const res = await callApi("PUT", `/api/v1/tasks/${taskId}/draft`, {
      token: labeler.token,
      body: JSON.stringify({ content: "pipeline" }),
      headers: { origin: "https://ci.example", "content-type": "text/plain" },
    });
    expect(res.status).toBe(200);
  });
});
