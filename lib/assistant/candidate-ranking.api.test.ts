import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

// Compare mode: the labeler ranks the candidates a real OpenAI-compatible server wrote, the ranking and the order
// they were shown in are stored, and the preference export turns the ranking into pairs (docs/formats.md).

const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

type Candidate = { id: string; content: string };

describe("a labeler's ranking of a model's candidates", () => {
  let admin: TestUser, labeler: TestUser, other: TestUser, reviewer: TestUser;
  let model: OpenAiCompatibleServer;
  let projectId: string;

  /** Claims the labeler's next task and asks for three candidates, which say `contents`. */
  async function candidatesFor(who: TestUser, contents: [string, string, string]) {
    const taskId = (await who.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    return { taskId, candidates: await askAgain(who, taskId, contents) };
  }
  async function askAgain(who: TestUser, taskId: string, contents: [string, string, string]) {
    model.respondWith(...contents.map((content) => ({ kind: "reply" as const, content })));
    const res = await who.api.post(`/api/v1/tasks/${taskId}/suggestions`, {});
    expect(res.status, res.text).toBe(200);
    const byContent = new Map((res.body.suggestions as Candidate[]).map((s) => [s.content, s]));
    // In the order of `contents`, whichever request got which reply.
    return contents.map((c) => byContent.get(c)!);
  }
  const rank = (who: TestUser, taskId: string, body: unknown) =>
    who.api.put(`/api/v1/tasks/${taskId}/candidate-ranking`, body);
  const ids = (candidates: Candidate[]) => candidates.map((c) => c.id);

  beforeAll(async () => {
    [admin, labeler, other, reviewer] = await createTestUsers("admin", "labeler", "labeler", "reviewer");
    model = await startOpenAiCompatibleServer();
    projectId = (
      await createProjectWithPrompts(admin.actor, [
        { id: "edited", prompt: "Name a colour" },
        { id: "own", prompt: "Name a fruit" },
        { id: "kept", prompt: "Name a tree" },
        { id: "spare", prompt: "Name a river" },
      ])
    ).id;
    const connect = await admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "compare",
      candidates: 3,
      timeoutSeconds: 2,
    });
    expect(connect.status, connect.text).toBe(200);
  });
  afterAll(() => model.close());

  let edited: { taskId: string; candidates: Candidate[]; responseId: string };

  it("stores the ranking, ties and all, with the order the candidates were shown in", async () => {
    const { taskId, candidates } = await candidatesFor(labeler, ["Blue", "Green", "Red"]);
    const [blue, green, red] = candidates as [Candidate, Candidate, Candidate];
    const before = await labeler.api.get(`/api/v1/tasks/${taskId}/candidate-ranking`);
    expect(before.status).toBe(200);
    expect(before.body.ranking).toBeNull();
    expect(before.body.candidates.map((c: Candidate) => c.content).sort()).toEqual(["Blue", "Green", "Red"]);

    const shown = [red.id, blue.id, green.id];
    const res = await rank(labeler, taskId, {
      suggestionIds: [blue.id.toUpperCase(), green.id, red.id],
      ranks: [1, 2, 2],
      displayOrder: shown,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ taskId, turn: 0, suggestionIds: ids(candidates), ranks: [1, 2, 2] });
    const row = await prisma.candidateRanking.findUniqueOrThrow({ where: { taskId_turn: { taskId, turn: 0 } } });
    expect(row).toMatchObject({ projectId, suggestionIds: ids(candidates), ranks: [1, 2, 2], displayOrder: shown });

    const after = await labeler.api.get(`/api/v1/tasks/${taskId}/candidate-ranking`);
    expect(after.body).toMatchObject({ turn: 0, batchId: row.batchId, ranking: { displayOrder: shown } });

    // Ranking again replaces it; without ranks each candidate has a place of its own.
    const again = await rank(labeler, taskId, { suggestionIds: [green.id, blue.id, red.id], displayOrder: shown });
    expect(again.body.ranks).toEqual([1, 2, 3]);
    expect(await prisma.candidateRanking.count({ where: { taskId } })).toBe(1);
    const back = await rank(labeler, taskId, {
      suggestionIds: ids(candidates),
      ranks: [1, 2, 2],
      displayOrder: shown,
    });
    expect(back.status).toBe(200);

    // The labeler starts from the best, edits it and submits; the reviewer accepts.
    const submit = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, {
      turns: [{ content: "Deep blue", suggestionId: blue.id }],
    });
    expect(submit.status, submit.text).toBe(201);
    edited = { taskId, candidates, responseId: submit.body.id };
  });

  it("refuses ids that are not exactly one request's candidates for this task, and stores nothing", async () => {
    const { taskId, candidates } = await candidatesFor(other, ["Apple", "Pear", "Plum"]);
    const [apple, pear, plum] = ids(candidates) as [string, string, string];
    const newer = ids(await askAgain(other, taskId, ["Fig", "Kiwi", "Lime"]));
    const foreign = edited.candidates[0]!.id;
    const unknown = "00000000-0000-4000-8000-000000000000";
    const cases: [unknown, string][] = [
      [{ suggestionIds: [apple, pear, foreign], displayOrder: [apple, pear, foreign] }, "Not a candidate"],
      [{ suggestionIds: [apple, pear, unknown], displayOrder: [apple, pear, unknown] }, "Not a candidate"],
      [{ suggestionIds: [apple, pear], displayOrder: [apple, pear] }, "Rank every candidate of the request"],
      [{ suggestionIds: [apple, pear, newer[0]], displayOrder: [apple, pear, newer[0]] }, "one request"],
      [{ suggestionIds: [apple, pear, plum], displayOrder: [apple, pear] }, "as they were shown"],
      [{ suggestionIds: [apple, pear, plum], displayOrder: [apple, pear, pear] }, "as they were shown"],
      [{ suggestionIds: [apple, apple, plum], displayOrder: [apple, apple, plum] }, "Each candidate once"],
      [{ suggestionIds: [apple, pear, plum], ranks: [1, 3, 3], displayOrder: [apple, pear, plum] }, "Ranks start"],
      [{ suggestionIds: [apple, pear, plum] }, "expected array"],
      [{ suggestionIds: ["not-an-id", pear, plum], displayOrder: ["not-an-id", pear, plum] }, "A suggestion id"],
    ];
    for (const [body, message] of cases) {
      const res = await rank(other, taskId, body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(JSON.stringify(res.body.error.details)).toContain(message);
    }
    expect(await prisma.candidateRanking.count({ where: { taskId } })).toBe(0);

    // Another labeler's task is not found; the owner ranks the newer request's candidates.
    expect((await rank(labeler, taskId, { suggestionIds: newer, displayOrder: newer })).status).toBe(404);
    expect((await rank(other, taskId, { suggestionIds: newer, displayOrder: newer })).status).toBe(200);
    expect((await labeler.api.get(`/api/v1/tasks/${taskId}/candidate-ranking`)).status).toBe(404);
  });

  it("votes like a reviewer's ranking in the preference export, beside the rewrites of the accepted text", async () => {
    const [blue, green, red] = edited.candidates as [Candidate, Candidate, Candidate];
    const export_ = async (query: string) =>
      lines((await admin.api.get(`/api/v1/projects/${projectId}/export?format=preference&${query}`)).text);
    const pairsOf = (rows: { chosen: { content: string }[]; rejected: { content: string }[] }[]) =>
      rows.map((l) => [l.chosen[0]!.content, l.rejected[0]!.content]);

    // Not reviewed yet: the default status=accepted chooses nothing; status=all has the candidate pairs only
    // (the rewrites need an accepted text). The tie between green and red votes for neither.
    expect(await export_("")).toEqual([]);
    expect(pairsOf(await export_("status=all"))).toEqual([
      ["Blue", "Green"],
      ["Blue", "Red"],
    ]);

    expect(
      (await reviewer.api.post(`/api/v1/responses/${edited.responseId}/review`, { decision: "accept" })).status,
    ).toBe(200);
    const accepted = await export_("include=metadata");
    expect(accepted.map((l) => [l.chosen[0].content, l.rejected[0].content, l.metadata.source])).toEqual([
      // The edited text beats the candidate it started from, and every other candidate.
      ["Deep blue", "Blue", "rewrite"],
      ["Deep blue", "Green", "rewrite"],
      ["Deep blue", "Red", "rewrite"],
      ["Blue", "Green", "candidate_ranking"],
      ["Blue", "Red", "candidate_ranking"],
    ]);
    expect(accepted[0].prompt).toEqual([{ role: "user", content: "Name a colour" }]);
    const shown = [red.id, blue.id, green.id];
    expect(accepted[3].metadata).toMatchObject({
      source: "candidate_ranking",
      chosen: { suggestionId: blue.id, model: "local-llama", position: shown.indexOf(blue.id) + 1 },
      rejected: { suggestionId: green.id, model: "local-llama", position: shown.indexOf(green.id) + 1 },
      response: { responseId: edited.responseId, status: "accepted" },
      votes: { chosen: 1, rejected: 0 },
    });
    expect(accepted[1].metadata).toMatchObject({ rejected: { suggestionId: green.id }, votes: null });
    expect((await admin.api.get(`/api/v1/projects/${projectId}/export/preview?format=preference`)).body.count).toBe(5);

    // The task's work is done: its candidates can no longer be ranked.
    const late = await rank(labeler, edited.taskId, { suggestionIds: ids(edited.candidates), displayOrder: shown });
    expect(late.status).toBe(409);
  });

  it("a text of the labeler's own beats every candidate; a candidate kept unchanged adds no rewrite", async () => {
    const answers: [[string, string, string], (candidates: Candidate[]) => unknown][] = [
      [["Apple", "Mango", "Lemon"], () => ({ content: "Cherry" })],
      [["Oak", "Elm", "Ash"], (candidates) => ({ turns: [{ content: "Oak", suggestionId: candidates[0]!.id }] })],
    ];
    for (const [contents, body] of answers) {
      const { taskId, candidates } = await candidatesFor(labeler, contents);
      expect(
        (await rank(labeler, taskId, { suggestionIds: ids(candidates), displayOrder: ids(candidates) })).status,
      ).toBe(200);
      const res = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, body(candidates));
      expect(res.status, res.text).toBe(201);
      expect((await reviewer.api.post(`/api/v1/responses/${res.body.id}/review`, { decision: "accept" })).status).toBe(
        200,
      );
    }
    const rows = lines(
      (await admin.api.get(`/api/v1/projects/${projectId}/export?format=preference&include=metadata`)).text,
    ).map((l) => [l.chosen[0].content, l.rejected[0].content, l.metadata.source]);
    expect(rows.filter(([chosen]) => ["Cherry", "Apple", "Mango"].includes(chosen))).toEqual([
      ["Cherry", "Apple", "rewrite"],
      ["Cherry", "Mango", "rewrite"],
      ["Cherry", "Lemon", "rewrite"],
      ["Apple", "Mango", "candidate_ranking"],
      ["Apple", "Lemon", "candidate_ranking"],
      ["Mango", "Lemon", "candidate_ranking"],
    ]);
    expect(rows.filter(([chosen]) => ["Oak", "Elm"].includes(chosen))).toEqual([
      ["Oak", "Elm", "candidate_ranking"],
      ["Oak", "Ash", "candidate_ranking"],
      ["Elm", "Ash", "candidate_ranking"],
    ]);
  });
});
