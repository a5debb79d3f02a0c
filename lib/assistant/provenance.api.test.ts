import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { insertPrompt, insertResponse } from "@/lib/testing/export-fixtures";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("which model suggestion a response started from", () => {
  let admin: TestUser, labeler: TestUser, other: TestUser, reviewer: TestUser;
  let model: OpenAiCompatibleServer;
  let projectId: string;

  /** Claims the labeler's next task and asks the model for a suggestion, which answers `suggestion`. */
  async function suggestionFor(who: TestUser, suggestion: string) {
    const taskId = (await who.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    model.respondWith({ kind: "reply", content: suggestion });
    const res = await who.api.post(`/api/v1/tasks/${taskId}/suggestions`, {});
    expect(res.status, res.text).toBe(200);
    return { taskId, suggestionId: res.body.suggestions[0].id as string };
  }

  const provenanceOf = (responseId: string) =>
    prisma.responseProvenance.findMany({ where: { responseId }, orderBy: { turn: "asc" } });

  let rewritten: { responseId: string; suggestionId: string };
  let unchanged: { responseId: string };

  beforeAll(async () => {
    [admin, labeler, other, reviewer] = await createTestUsers("admin", "labeler", "labeler", "reviewer");
    model = await startOpenAiCompatibleServer();
    projectId = (
      await createProjectWithPrompts(admin.actor, [
        { id: "rewrite", prompt: "Say sitting" },
        { id: "unchanged", prompt: "Say kitten" },
        { id: "rejected", prompt: "Say mitten" },
        { id: "foreign", prompt: "Anything" },
      ])
    ).id;
    const connect = await admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      apiKey: "sk-provenance-test",
      timeoutSeconds: 2,
    });
    expect(connect.status, connect.text).toBe(200);
  });
  afterAll(() => model.close());

  it("stores the suggestion a submit started from, its edit distance and the share of it kept", async () => {
    const { taskId, suggestionId } = await suggestionFor(labeler, "kitten");
    const res = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "sitting", suggestionId });
    expect(res.status, res.text).toBe(201);
    // kitten → sitting: k→s, e→i, +g = 3 edits; 1 − 3/6 of the suggestion kept.
    expect(await provenanceOf(res.body.id)).toEqual([
      { responseId: res.body.id, turn: 0, suggestionId, editDistance: 3, shareKept: 0.5 },
    ]);
    rewritten = { responseId: res.body.id, suggestionId };
  });

  it("takes turns as objects too, and an unchanged suggestion is kept whole", async () => {
    const { taskId, suggestionId } = await suggestionFor(labeler, "kitten");
    const res = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, {
      turns: [{ content: "kitten", suggestionId }],
    });
    expect(res.status, res.text).toBe(201);
    expect(await provenanceOf(res.body.id)).toMatchObject([{ suggestionId, editDistance: 0, shareKept: 1 }]);
    unchanged = { responseId: res.body.id };
  });

  it("refuses a suggestion made for another task, or an unknown one, and writes nothing", async () => {
    const { taskId: rejectedTask, suggestionId: own } = await suggestionFor(labeler, "mitten");
    const { taskId } = await suggestionFor(other, "whatever");
    for (const suggestionId of [own, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const res = await other.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "Mine", suggestionId });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.message).toBe("The suggestion is not one made for this turn");
      expect(res.body.error.details[0].message).toContain("not made for this task's turn 1");
    }
    expect(await prisma.response.count({ where: { taskId } })).toBe(0);
    // Plain strings still submit.
    expect((await other.api.post(`/api/v1/tasks/${taskId}/submit`, { turns: ["Mine"] })).status).toBe(201);

    // A rewrite the reviewer rejects makes no preference pair (below).
    const res = await labeler.api.post(`/api/v1/tasks/${rejectedTask}/submit`, {
      content: "smitten",
      suggestionId: own,
    });
    expect(res.status, res.text).toBe(201);
    const reject = { decision: "reject", comment: "Not what was asked.", reason: "Incorrect" };
    expect((await reviewer.api.post(`/api/v1/responses/${res.body.id}/review`, reject)).status).toBe(200);
    for (const id of [rewritten.responseId, unchanged.responseId])
      expect((await reviewer.api.post(`/api/v1/responses/${id}/review`, { decision: "accept" })).status).toBe(200);
  });

  it("include=metadata carries the suggestion, its model and parameters, and the numbers", async () => {
    const res = await admin.api.get(`/api/v1/projects/${projectId}/export?include=metadata`);
    expect(res.status).toBe(200);
    const byId = new Map(lines(res.text).map((l) => [l.metadata.responseId, l.metadata]));
    expect(byId.get(rewritten.responseId).suggestions).toEqual([
      {
        turn: 0,
        suggestionId: rewritten.suggestionId,
        model: "local-llama",
        parameters: expect.objectContaining({ mode: "draft", baseUrl: model.baseUrl }),
        content: "kitten",
        editDistance: 3,
        shareKept: 0.5,
      },
    ]);
    expect(byId.get(unchanged.responseId).suggestions).toMatchObject([{ editDistance: 0, shareKept: 1 }]);
    // The active time the labeler's screen measured rides along (none was sent here: 0).
    expect(byId.get(unchanged.responseId).activeMs).toBe(0);
  });

  it("format=preference pairs an accepted rewrite with the suggestion it changed", async () => {
    for (const status of ["accepted", "all"]) {
      const res = await admin.api.get(`/api/v1/projects/${projectId}/export?format=preference&status=${status}`);
      expect(lines(res.text)).toEqual([
        {
          prompt: [{ role: "user", content: "Say sitting" }],
          chosen: [{ role: "assistant", content: "sitting" }],
          rejected: [{ role: "assistant", content: "kitten" }],
        },
      ]);
    }
    const [line] = lines(
      (await admin.api.get(`/api/v1/projects/${projectId}/export?format=preference&include=metadata`)).text,
    );
    expect(line.metadata).toMatchObject({
      source: "rewrite",
      chosen: { responseId: rewritten.responseId, suggestions: [{ editDistance: 3, shareKept: 0.5 }] },
      rejected: { suggestionId: rewritten.suggestionId, model: "local-llama" },
      votes: null,
    });
    const preview = await admin.api.get(`/api/v1/projects/${projectId}/export/preview?format=preference`);
    expect(preview.body.count).toBe(1);

    // A pair from review decisions alone says so.
    const promptId = await insertPrompt(projectId, [
      { role: "user", content: "Which?" },
      { role: "assistant", content: null },
    ]);
    for (const [text, status, author] of [
      ["good", "accepted", other],
      ["bad", "rejected", labeler],
    ] as const)
      await insertResponse({ projectId, promptId, authorId: author.actor.id, turns: [text], status });
    const sources = lines(
      (await admin.api.get(`/api/v1/projects/${projectId}/export?format=preference&include=metadata`)).text,
    ).map((l) => [l.chosen[0].content, l.rejected[0].content, l.metadata.source]);
    expect(sources).toEqual([
      ["sitting", "kitten", "rewrite"],
      ["good", "bad", "review"],
    ]);
  });
});

describe("provenance per turn of a prompt with several turns to write", () => {
  let admin: TestUser, labeler: TestUser;
  let model: OpenAiCompatibleServer;

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
    model = await startOpenAiCompatibleServer({ reply: { kind: "reply", content: "Draft text" } });
  });
  afterAll(() => model.close());

  it("a suggestion counts only for the turn it was made for; a revision measures the new text", async () => {
    const projectId = (await createProjectWithPrompts(admin.actor, [{ id: "two", turns: ["First?", "Second?"] }])).id;
    await admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      apiKey: "sk-provenance-test",
    });
    const taskId = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    const suggestionId = (await labeler.api.post(`/api/v1/tasks/${taskId}/suggestions`, {})).body.suggestions[0].id;

    const wrongTurn = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, {
      turns: ["Mine", { content: "Draft text", suggestionId }],
    });
    expect(wrongTurn.status).toBe(400);
    expect(wrongTurn.body.error.details).toEqual([
      expect.objectContaining({
        path: ["turns", 1, "suggestionId"],
        message: "Turn 2 names a suggestion that was not made for this task's turn 2",
      }),
    ]);

    const res = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, {
      turns: [{ content: "Draft text!", suggestionId }, "Mine"],
    });
    expect(res.status, res.text).toBe(201);
    expect(await prisma.responseProvenance.findMany({ where: { responseId: res.body.id } })).toMatchObject([
      { turn: 0, suggestionId, editDistance: 1, shareKept: 0.9 },
    ]);

    // Changed while it waits for review: the turn still started from the suggestion, measured anew.
    const edit = await labeler.api.post(`/api/v1/responses/${res.body.id}/revisions`, { turns: ["Draft", "Mine"] });
    expect(edit.status, edit.text).toBe(201);
    expect(await prisma.responseProvenance.findMany({ where: { responseId: res.body.id } })).toMatchObject([
      { turn: 0, suggestionId, editDistance: 5, shareKept: 0.5 },
    ]);
  });
});
