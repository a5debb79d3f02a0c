import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithPrompts, createTestUsers, uniq, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

describe("the labeler's task view and the project's model connection", () => {
  let admin: TestUser, labeler: TestUser;
  let projectId: string;
  let model: OpenAiCompatibleServer;
  const apiKey = `sk-test-${uniq("plaintext")}-never-shown`;

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
    projectId = (await createProjectWithPrompts(admin.actor, [{ prompt: "Which tram to Belém?" }])).id;
    model = await startOpenAiCompatibleServer();
  });
  afterAll(() => model.close());

  it("says whether the project drafts with a model, with its mode and model and never its URL or key", async () => {
    const claimed = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`, {});
    expect(claimed.status).toBe(200);
    expect(claimed.body.assistant).toBeNull();

    const put = await admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      apiKey,
    });
    expect(put.status).toBe(200);
    const view = await labeler.api.get(`/api/v1/tasks/${claimed.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body.assistant).toEqual({ mode: "draft", model: "local-llama" });
    const text = JSON.stringify(view.body);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(model.baseUrl);
  });
});
