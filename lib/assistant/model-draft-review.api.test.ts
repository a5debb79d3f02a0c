import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

// What a reviewer sees of a response that started from a model draft (docs/review.md "The model
// draft"), and which texts the provenance numbers measure: the labeler's, never a reviewer's edit.

const HOSTILE = '<img src=x onerror="alert(1)"> kitten';

describe("the diff from the model draft, as reviewers get it", () => {
  let admin: TestUser, labeler: TestUser, reviewer: TestUser;
  let model: OpenAiCompatibleServer;
  let projectId: string;

  async function startFromDraft(draft: string) {
    const taskId = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    model.respondWith({ kind: "reply", content: draft });
    const res = await labeler.api.post(`/api/v1/tasks/${taskId}/suggestions`, {});
    expect(res.status, res.text).toBe(200);
    return { taskId, suggestionId: res.body.suggestions[0].id as string };
  }
  const detail = async (id: string) => {
    const res = await reviewer.api.get(`/api/v1/responses/${id}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const provenanceOf = (responseId: string) =>
    prisma.responseProvenance.findMany({ where: { responseId }, select: { editDistance: true, shareKept: true } });

  beforeAll(async () => {
    [admin, labeler, reviewer] = await createTestUsers("admin", "labeler", "reviewer");
    model = await startOpenAiCompatibleServer();
    projectId = (
      await createProjectWithPrompts(admin.actor, [
        { id: "edited", prompt: "Say sitting" },
        { id: "revised", prompt: "Say kitty" },
        { id: "plain", prompt: "Say anything" },
      ])
    ).id;
    const connect = await admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      apiKey: "sk-model-draft-review",
      timeoutSeconds: 2,
    });
    expect(connect.status, connect.text).toBe(200);
  });
  afterAll(() => model.close());

  it("carries the draft, the labeler's text, the model and the share kept; a reviewer's edit and its undo measure nothing", async () => {
    const { taskId, suggestionId } = await startFromDraft(HOSTILE);
    const submitted = HOSTILE.replace("kitten", "sitting");
    const res = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: submitted, suggestionId });
    expect(res.status, res.text).toBe(201);
    const id = res.body.id as string;
    // kitten → sitting is 3 edits of a 37-character draft. The texts come back exactly as written:
    // the page renders them as text (components/review/model-draft-changes.tsx).
    const measured = {
      turn: 0,
      suggestionId,
      model: "local-llama",
      draft: HOSTILE,
      submitted,
      revision: 1,
      editDistance: 3,
      shareKept: 1 - 3 / Array.from(HOSTILE).length,
    };
    expect((await detail(id)).modelDrafts).toEqual([measured]);

    const edit = await reviewer.api.post(`/api/v1/responses/${id}/review`, {
      decision: "edit",
      editedContent: "Something else entirely.",
    });
    expect(edit.status, edit.text).toBe(200);
    const after = await detail(id);
    expect(after.turns).toEqual(["Something else entirely."]);
    // Still the labeler's text against the draft, revision 1: the reviewer's revision 2 is theirs.
    expect(after.modelDrafts).toEqual([measured]);
    expect(await provenanceOf(id)).toEqual([{ editDistance: 3, shareKept: measured.shareKept }]);

    expect((await reviewer.api.delete(`/api/v1/responses/${id}/review`)).status).toBe(200);
    expect((await detail(id)).modelDrafts).toEqual([measured]);
    expect(await provenanceOf(id)).toEqual([{ editDistance: 3, shareKept: measured.shareKept }]);
  });

  it("a resubmit after 'revise' measures the labeler's new text against the same draft", async () => {
    const { taskId, suggestionId } = await startFromDraft("kitten");
    const first = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "kitten", suggestionId });
    expect(first.status, first.text).toBe(201);
    const id = first.body.id as string;
    expect((await detail(id)).modelDrafts).toMatchObject([{ submitted: "kitten", shareKept: 1, revision: 1 }]);

    const revise = await reviewer.api.post(`/api/v1/responses/${id}/review`, {
      decision: "revise",
      comment: "Say kitty.",
    });
    expect(revise.status, revise.text).toBe(200);
    // Names no suggestion this time: the turn keeps the one it started from, measured again.
    const again = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "kitty" });
    expect(again.status, again.text).toBe(201);
    // kitten → kitty: e→y, −n = 2 edits of 6.
    expect((await detail(id)).modelDrafts).toMatchObject([
      { suggestionId, draft: "kitten", submitted: "kitty", revision: 2, editDistance: 2, shareKept: 1 - 2 / 6 },
    ]);
  });

  it("a response written without a draft has none", async () => {
    const taskId = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    const res = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "My own words." });
    expect(res.status, res.text).toBe(201);
    expect((await detail(res.body.id)).modelDrafts).toEqual([]);
  });
});
