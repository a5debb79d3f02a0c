import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "@/lib/testing/api-client";
import { createTestUsers, type TestUser } from "@/lib/testing/factories";

// The route parses the body once, with its domain's schema, before lib sees it (docs/architecture.md
// "Request flow"). A body of the wrong shape is refused there, in the domain's words, before any id
// is looked up: an unknown id with a bad body is 400, not 404. (`{turns}` or `{content}` is a union: an issue
// no single branch explains sits at the root.)
describe("the shape check at the edge", () => {
  let labeler: TestUser, reviewer: TestUser;

  beforeAll(async () => {
    [labeler, reviewer] = await createTestUsers("labeler", "reviewer");
  });

  const id = randomUUID();
  it.each([
    ["PUT", "/api/v1/tasks/{id}/draft", { turns: [] }, "labeler", "The draft is not valid", ["turns"]],
    ["POST", "/api/v1/tasks/{id}/submit", { turns: [5] }, "labeler", "The response is not valid", []],
    ["POST", "/api/v1/tasks/{id}/skip", { reason: 5 }, "labeler", "The skip is not valid", ["reason"]],
    ["POST", "/api/v1/responses/{id}/revisions", { content: 5 }, "labeler", "The response is not valid", []],
    [
      "POST",
      "/api/v1/projects/{id}/guidelines/acknowledgement",
      { version: 0 },
      "labeler",
      "The acknowledgement is not valid",
      ["version"],
    ],
    [
      "POST",
      "/api/v1/responses/{id}/review",
      { decision: "maybe" },
      "reviewer",
      "The request body is not valid",
      ["decision"],
    ],
    [
      "POST",
      "/api/v1/prompts/{id}/ranking",
      { responseIds: [] },
      "reviewer",
      "The request body is not valid",
      ["responseIds"],
    ],
  ] as const)("%s %s: 400 with the domain's message", async (method, url, json, who, message, path) => {
    const user = who === "labeler" ? labeler : reviewer;
    const res = await callApi(method, url.replace("{id}", id), { token: user.token, json });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "validation_error", message });
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it("takes no body, or null, as an empty skip", async () => {
    for (const body of ["", "null", "{}"]) {
      const res = await callApi("POST", `/api/v1/tasks/${id}/skip`, {
        token: labeler.token,
        body,
        headers: { "content-type": "application/json" },
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });
});
