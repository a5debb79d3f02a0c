import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { listResponses } from "@/lib/review/list-responses";
import { responseSelect, toResponseView } from "@/lib/review/response-view";
import { personShower } from "@/lib/review/review-visibility";
import { ListResponsesQuery } from "@/lib/review/schemas";
import { createTestProject, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { seedSubmittedResponses } from "@/lib/testing/review-fixtures";

describe("the review list's page", () => {
  let admin: TestUser, reviewer: TestUser, other: TestUser, labeler: TestUser;
  let projectId: string;
  let ids: string[];

  beforeAll(async () => {
    [admin, reviewer, other, labeler] = await createTestUsers("admin", "reviewer", "reviewer", "labeler");
    projectId = (await createTestProject(admin.actor, { blindReview: true })).id;
    ids = await seedSubmittedResponses(projectId, labeler.actor.id, 4);
    // One without guidelines or an external id, in two turns; one accepted with scores by another reviewer.
    const { promptId } = await prisma.response.update({
      where: { id: ids[1]! },
      data: { guidelinesVersionId: null, turns: ["two", "turns"], revision: 2 },
      select: { promptId: true },
    });
    await prisma.prompt.update({ where: { id: promptId }, data: { externalId: null } });
    await prisma.review.create({
      data: {
        responseId: ids[2]!,
        reviewerId: other.actor.id,
        decision: "accept",
        scores: { helpfulness: 4, honesty: 5 },
        revision: 1,
      },
    });
    await prisma.response.update({ where: { id: ids[2]! }, data: { status: "accepted" } });
  });

  /** What the list showed when each response was read through the ORM's select. */
  async function expected(id: string, score: number | null) {
    const row = await prisma.response.findUniqueOrThrow({ where: { id }, select: responseSelect });
    return { ...toResponseView(row, personShower(reviewer.actor, row.author.id, true)), score };
  }

  it("is each response's view with its score, in queue order, as the ORM's reads made it", async () => {
    const page = await listResponses(reviewer.actor, projectId, ListResponsesQuery.parse({ status: "all", limit: 3 }));
    const want = [await expected(ids[0]!, null), await expected(ids[1]!, null), await expected(ids[2]!, 4.5)];
    expect(page.items).toEqual(want);
    // The same JSON, keys in the same order.
    expect(JSON.stringify(page.items)).toBe(JSON.stringify(want));
    expect(page.items[1]).not.toHaveProperty("content");
    const third = await prisma.response.findUniqueOrThrow({ where: { id: ids[2]! }, select: { seq: true } });
    expect(page.nextCursor).toBe(String(third.seq));

    const rest = await listResponses(
      reviewer.actor,
      projectId,
      ListResponsesQuery.parse({ status: "all", limit: 3, cursor: page.nextCursor! }),
    );
    expect(rest).toEqual({ items: [await expected(ids[3]!, null)], nextCursor: null });
  });

  it("reads a page in two statements: the project access check, then the page", async () => {
    // A reviewer's queue asks for a page after every decision; every round trip is paid on each.
    const sent = vi.spyOn(pg.Client.prototype, "query");
    try {
      const page = await listResponses(reviewer.actor, projectId, ListResponsesQuery.parse({ status: "submitted" }));
      expect(page.items.map((i) => i.id)).toEqual([ids[0], ids[1], ids[3]]);
      expect(sent).toHaveBeenCalledTimes(2);
      sent.mockClear();
      const empty = await listResponses(reviewer.actor, projectId, ListResponsesQuery.parse({ status: "rejected" }));
      expect(empty).toEqual({ items: [], nextCursor: null });
      expect(sent).toHaveBeenCalledTimes(2);
    } finally {
      sent.mockRestore();
    }
  });

  it("refuses a user id as the author filter in a blind project, to reviewers, even on an empty page", async () => {
    const byId = ListResponsesQuery.parse({ status: "rejected", labeler: labeler.actor.id });
    await expect(listResponses(reviewer.actor, projectId, byId)).rejects.toMatchObject({ code: "validation_error" });
    expect((await listResponses(admin.actor, projectId, byId)).items).toEqual([]);
  });
});
