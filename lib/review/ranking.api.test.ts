import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";
import { exportLines } from "@/lib/testing/export-fixtures";

// Side-by-side ranking of the responses to one prompt (responsesPerPrompt > 1).
describe("ranking a prompt's responses", () => {
  let admin: TestUser, reviewer: TestUser, writerReviewer: TestUser, one: TestUser, two: TestUser, labeler: TestUser;
  let promptId: string, otherPromptResponse: string;
  let r1: string, r2: string, r3: string;

  const rank = (who: TestUser, responseIds: unknown, prompt = promptId) =>
    who.api.post(`/api/v1/prompts/${prompt}/ranking`, { responseIds });

  beforeAll(async () => {
    [admin, reviewer, writerReviewer, one, two, labeler] = await createTestUsers(
      "admin",
      "reviewer",
      "reviewer",
      "labeler",
      "labeler",
      "labeler",
    );
    const projectId = (
      await createProjectWithPrompts(admin.actor, [{ prompt: "Rank me?" }, { prompt: "Other?" }], {
        responsesPerPrompt: 3,
      })
    ).id;
    const [a] = await submitThroughApi(one, projectId, ["First answer."]);
    const [b] = await submitThroughApi(two, projectId, ["Second answer."]);
    const [c] = await submitThroughApi(writerReviewer, projectId, ["Third answer."]);
    [r1, r2, r3, promptId] = [a!.id, b!.id, c!.id, a!.promptId];
    const [other] = await submitThroughApi(one, projectId, ["Other answer."]);
    otherPromptResponse = other!.id;
  });

  it("stores the order, best first, and replaces it on a second ranking (201, then 200)", async () => {
    const created = await rank(reviewer, [r2, r1, r3]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ promptId, responseIds: [r2, r1, r3] });
    const replaced = await rank(reviewer, [r1, r2]);
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(created.body.id);
    expect((await reviewer.api.get(`/api/v1/prompts/${promptId}/ranking`)).body.responseIds).toEqual([r1, r2]);
    expect(await prisma.ranking.count({ where: { promptId } })).toBe(1);
    const events = await prisma.auditEvent.findMany({
      where: { action: "review.rank", entityId: created.body.id },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [null, { promptId, responseIds: [r2, r1, r3], ranks: [1, 2, 3] }],
      [
        { responseIds: [r2, r1, r3], ranks: [1, 2, 3] },
        { promptId, responseIds: [r1, r2], ranks: [1, 2] },
      ],
    ]);
  });

  it("keeps one ranking per reviewer", async () => {
    expect((await rank(admin, [r3, r2, r1])).status).toBe(201);
    expect(await prisma.ranking.count({ where: { promptId } })).toBe(2);
  });

  it("needs at least two responses, each once, all to this prompt", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[r1], /at least two/],
      [[], /at least two/],
      [[r1, r1], /Each response once/],
      [[r1, r1.toUpperCase()], /Each response once/],
      [[r1, otherPromptResponse], /Not a response to this prompt/],
      [[r1, "00000000-0000-4000-8000-000000000000"], /Not a response to this prompt/],
      [[r1, "nope"], /A response id/],
      ["r1,r2", /expected array/i],
    ];
    for (const [responseIds, message] of cases) {
      const res = await rank(reviewer, responseIds);
      expect(res.status, JSON.stringify(responseIds)).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toMatch(message);
    }
    expect(
      (await reviewer.api.post(`/api/v1/prompts/${promptId}/ranking`, { responseIds: [r1, r2], extra: 1 })).status,
    ).toBe(400);
  });

  it("refuses a ranking with the caller's own response, a labeler, and an unknown prompt", async () => {
    const own = await rank(writerReviewer, [r1, r3]);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/your own/);
    expect((await rank(labeler, [r1, r2])).status).toBe(403);
    expect((await rank(reviewer, [r1, r2], "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await rank(reviewer, [r1, r2], "not-a-prompt")).status).toBe(404);
    expect((await writerReviewer.api.get(`/api/v1/prompts/${promptId}/ranking`)).status).toBe(404);
  });
});

// Ties: equal ranks (docs/review.md "Ranking"); a tie votes for neither response (docs/formats.md).
describe("ties in a ranking", () => {
  let admin: TestUser, reviewer: TestUser;
  let projectId: string, promptId: string;
  let r1: string, r2: string, r3: string;

  beforeAll(async () => {
    let one: TestUser, two: TestUser, three: TestUser;
    [admin, reviewer, one, two, three] = await createTestUsers("admin", "reviewer", "labeler", "labeler", "labeler");
    projectId = (await createProjectWithPrompts(admin.actor, [{ prompt: "Tie?" }], { responsesPerPrompt: 3 })).id;
    [r1, r2, r3] = (await Promise.all(
      [one, two, three].map(async (who, i) => (await submitThroughApi(who, projectId, [`Answer ${i + 1}.`]))[0]!.id),
    )) as [string, string, string];
    promptId = (await prisma.response.findUniqueOrThrow({ where: { id: r1 } })).promptId;
  });

  it("stores equal ranks, answers them back, and still answers plain rankings with one place each", async () => {
    const tied = await reviewer.api.post(`/api/v1/prompts/${promptId}/ranking`, {
      responseIds: [r1, r2, r3],
      ranks: [1, 1, 2],
    });
    expect(tied.status).toBe(201);
    expect(tied.body).toMatchObject({ responseIds: [r1, r2, r3], ranks: [1, 1, 2] });
    expect((await reviewer.api.get(`/api/v1/prompts/${promptId}/ranking`)).body.ranks).toEqual([1, 1, 2]);
    const plain = await admin.api.post(`/api/v1/prompts/${promptId}/ranking`, { responseIds: [r3, r1] });
    expect(plain.body.ranks).toEqual([1, 2]);
  });

  it("refuses ranks that do not fit the order", async () => {
    for (const ranks of [
      [1, 2],
      [2, 2, 3],
      [1, 3, 3],
      [1, 2, 1],
      [1, 1, 0],
    ]) {
      const res = await reviewer.api.post(`/api/v1/prompts/${promptId}/ranking`, { responseIds: [r1, r2, r3], ranks });
      expect(res.status, JSON.stringify(ranks)).toBe(400);
    }
  });

  it("exports no preference pair for a tie, and the pairs the ranking does order", async () => {
    await prisma.ranking.deleteMany({ where: { promptId } });
    expect(
      (await reviewer.api.post(`/api/v1/prompts/${promptId}/ranking`, { responseIds: [r1, r2, r3], ranks: [1, 1, 2] }))
        .status,
    ).toBe(201);
    const pairs = (await exportLines(admin, projectId, "format=preference&status=all")).map((line) => {
      const { chosen, rejected } = JSON.parse(line) as { chosen: Array<{ content: string }>; rejected: typeof chosen };
      return [chosen[0]!.content, rejected[0]!.content];
    });
    // Lines follow the chosen response's submit order, which the parallel submits leave open.
    expect(pairs.sort()).toEqual([
      ["Answer 1.", "Answer 3."],
      ["Answer 2.", "Answer 3."],
    ]);
  });
});
