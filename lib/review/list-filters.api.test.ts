import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { pseudonym } from "@/lib/users/pseudonym";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";

// The review queue's filters: each allow-listed parameter narrows the list, anything else is 400.
describe("review list filters", () => {
  let admin: TestUser, reviewer: TestUser, first: TestUser, second: TestUser;
  let projectId: string;
  // a1..a3 by `first` under guidelines v1 in January, b1..b3 by `second` under v2 in February.
  let a: string[], b: string[], prompt1: string;

  const ids = async (query: string) => {
    const res = await reviewer.api.get(`/api/v1/projects/${projectId}/responses?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((r: { id: string }) => r.id);
  };

  beforeAll(async () => {
    [admin, reviewer, first, second] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
    const prompts = [{ prompt: "One?" }, { prompt: "Two?" }, { prompt: "Three?" }];
    projectId = (await createProjectWithPrompts(admin.actor, prompts, { responsesPerPrompt: 2 })).id;
    const fromFirst = await submitThroughApi(first, projectId, ["a1", "a2", "a3"]);
    await admin.api.put(`/api/v1/projects/${projectId}/guidelines`, { markdown: "# Version two" });
    const fromSecond = await submitThroughApi(second, projectId, ["b1", "b2", "b3"]);
    a = fromFirst.map((r) => r.id);
    b = fromSecond.map((r) => r.id);
    prompt1 = fromFirst[0]!.promptId;
    await prisma.response.updateMany({
      where: { id: { in: a } },
      data: { submittedAt: new Date("2026-01-10T12:00:00Z") },
    });
    await prisma.response.updateMany({
      where: { id: { in: b } },
      data: { submittedAt: new Date("2026-02-10T12:00:00Z") },
    });

    const decide = (id: string, body: object) => reviewer.api.post(`/api/v1/responses/${id}/review`, body);
    await decide(a[0]!, { decision: "accept", scores: { helpfulness: 5, honesty: 5, harmlessness: 5, guidelines: 5 } });
    await decide(a[1]!, { decision: "accept", scores: { helpfulness: 2, honesty: 3 } });
    await decide(b[0]!, { decision: "reject", comment: "No.", reason: "Unhelpful", scores: { helpfulness: 1 } });
    await decide(b[1]!, { decision: "revise", comment: "More.", scores: { helpfulness: 3 } });
  });

  it("lists submitted responses by default and takes any status, or all of them, oldest first", async () => {
    expect(await ids("")).toEqual([a[2], b[2]]);
    expect(await ids("status=all")).toEqual([...a, ...b]);
    expect(await ids("status=accepted")).toEqual([a[0], a[1]]);
    expect(await ids("status=rejected")).toEqual([b[0]]);
    expect(await ids("status=needs_revision")).toEqual([b[1]]);
  });

  it("filters by labeler (id or pseudonym), prompt and guidelines version", async () => {
    expect(await ids(`status=all&labeler=${first.actor.id}`)).toEqual(a);
    expect(await ids(`status=all&labeler=${pseudonym(second.actor.id)}`)).toEqual(b);
    expect(await ids(`status=all&prompt=${prompt1}`)).toEqual([a[0], b[0]]);
    expect(await ids("status=all&guidelinesVersion=1")).toEqual(a);
    expect(await ids("status=all&guidelinesVersion=2")).toEqual(b);
    expect(await ids("status=all&guidelinesVersion=3")).toEqual([]);
  });

  it("filters by submit time, since inclusive and until exclusive", async () => {
    expect(await ids("status=all&since=2026-02-01")).toEqual(b);
    expect(await ids("status=all&until=2026-02-01")).toEqual(a);
    expect(await ids("status=all&since=2026-01-10T12:00:00Z&until=2026-02-10T12:00:00Z")).toEqual(a);
    expect(await ids("status=all&since=2026-01-10T13:00:00%2B01:00")).toEqual([...a, ...b]);
  });

  it("filters by the mean of the latest decision's scores and shows that mean", async () => {
    // a1: 5, a2: (2 + 3) / 2 = 2.5, b1: 1, b2: 3 (its request for a revision); a3 and b3 have none.
    expect(await ids("status=all&minScore=2.5")).toEqual([a[0], a[1], b[1]]);
    expect(await ids("status=all&maxScore=2.9")).toEqual([a[1], b[0]]);
    expect(await ids("status=all&minScore=2&maxScore=3")).toEqual([a[1], b[1]]);
    const list = await reviewer.api.get(`/api/v1/projects/${projectId}/responses?status=all`);
    expect(list.body.items.map((r: { score: number | null }) => r.score)).toEqual([5, 2.5, null, 1, 3, null]);
  });

  it("pages with a cursor", async () => {
    const page1 = await reviewer.api.get(`/api/v1/projects/${projectId}/responses?status=all&limit=4`);
    expect(page1.body.items).toHaveLength(4);
    expect(page1.body.nextCursor).toMatch(/^\d+$/);
    const page2 = await reviewer.api.get(
      `/api/v1/projects/${projectId}/responses?status=all&limit=4&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([b[1], b[2]]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it("refuses values outside the allow-list with 400", async () => {
    for (const query of [
      "status=bogus",
      "status=submitted' OR 1=1 --",
      "labeler=bob",
      "labeler=anon-' OR '1'='1",
      "prompt=1",
      "guidelinesVersion=0",
      "since=yesterday",
      "until=2026-13-01",
      "minScore=6",
      "maxScore=abc",
      "secondOpinion=all",
      "limit=1000",
    ]) {
      const res = await reviewer.api.get(`/api/v1/projects/${projectId}/responses?${encodeURI(query)}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
    }
  });
});
