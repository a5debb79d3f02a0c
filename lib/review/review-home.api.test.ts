import { beforeAll, describe, expect, it } from "vitest";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";
import { rankingQueue, reviewHome } from "@/lib/review/review-home";

// The reviewer's home counts what waits for them with the queues' own rules (docs/review.md, "The screens").
describe("the reviewer's queues", () => {
  let admin: TestUser, reviewer: TestUser, other: TestUser, one: TestUser, two: TestUser;
  let projectId: string;
  let promptIds: string[];

  const home = async (who: TestUser) => (await reviewHome(who.actor)).find((p) => p.id === projectId)!;

  beforeAll(async () => {
    [admin, reviewer, other, one, two] = await createTestUsers("admin", "reviewer", "reviewer", "labeler", "labeler");
    const prompts = Array.from({ length: 4 }, (_, i) => ({ id: `h${i}`, prompt: `Question ${i}?` }));
    projectId = (await createProjectWithPrompts(admin.actor, prompts, { responsesPerPrompt: 2, secondOpinionRate: 1 }))
      .id;
    // Prompts 0 and 1: one response by each labeler. Prompt 2: one by a labeler, one by the reviewer.
    const a = await submitThroughApi(one, projectId, ["A0", "A1", "A2"]);
    const b = await submitThroughApi(two, projectId, ["B0", "B1"]);
    const own = await submitThroughApi(reviewer, projectId, ["R2"]);
    expect(own[0]!.promptId).toBe(a[2]!.promptId);
    promptIds = a.map((r) => r.promptId);
    expect(b.map((r) => r.promptId)).toEqual(promptIds.slice(0, 2));
  });

  it("counts the responses waiting, the reviewer's own apart, and prompts to rank", async () => {
    expect(await home(reviewer)).toMatchObject({ waiting: 5, ownWaiting: 1, secondOpinions: 0, toRank: 2 });
    expect(await home(other)).toMatchObject({ waiting: 6, ownWaiting: 0, secondOpinions: 0, toRank: 3 });
    const queue = await rankingQueue(reviewer.actor, projectId);
    expect(queue.items.map((i) => [i.promptId, i.responses])).toEqual([
      [promptIds[0], 2],
      [promptIds[1], 2],
    ]);
    expect(queue.items[0]!.messages.at(0)).toEqual({ role: "user", content: "Question 0?" });
  });

  it("moves a decided response into the other reviewers' second opinions, and out of waiting", async () => {
    const [first] = (await reviewer.api.get(`/api/v1/projects/${projectId}/responses?limit=1`)).body.items;
    expect((await reviewer.api.post(`/api/v1/responses/${first.id}/review`, { decision: "accept" })).status).toBe(200);
    expect(await home(reviewer)).toMatchObject({ waiting: 4, secondOpinions: 0 });
    expect(await home(other)).toMatchObject({ waiting: 5, secondOpinions: 1 });
  });

  it("takes a prompt out of the ranking queue once ranked: for everyone when complete, for the ranker always", async () => {
    const responses = async (prompt: string) =>
      (
        (await other.api.get(`/api/v1/projects/${projectId}/responses?prompt=${prompt}&status=all`)).body
          .items as Array<{
          id: string;
        }>
      ).map((r) => r.id);
    const both = await responses(promptIds[0]!);
    expect((await other.api.post(`/api/v1/prompts/${promptIds[0]}/ranking`, { responseIds: both })).status).toBe(201);
    expect((await home(other)).toRank).toBe(2);
    expect((await home(reviewer)).toRank).toBe(1);
    // Prompt 2 holds the reviewer's own response: the others rank it, and a ranking of both takes it out.
    const withOwn = await responses(promptIds[2]!);
    expect(withOwn).toHaveLength(2);
    expect((await admin.api.post(`/api/v1/prompts/${promptIds[2]}/ranking`, { responseIds: withOwn })).status).toBe(
      201,
    );
    expect((await home(other)).toRank).toBe(1);
  });
});
