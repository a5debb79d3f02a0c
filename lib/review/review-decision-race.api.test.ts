import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { auditEventsFor, submitThroughApi } from "@/lib/testing/review-fixtures";

// A decision is read, decided and then written on the condition that the response is still as read
// (lib/review/review-response.ts). Here another write lands between a decision's read and its write, every time:
// the write finds the response changed, writes nothing, and the decision is made again on what is there now.
const between = vi.hoisted(() => ({ write: null as null | (() => Promise<void>) }));

vi.mock("@/lib/review/sql/review-decision", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/review/sql/review-decision")>();
  return {
    ...original,
    writeReviewDecision: async (write: Parameters<typeof original.writeReviewDecision>[0]) => {
      const other = between.write;
      between.write = null;
      if (other) await other();
      return original.writeReviewDecision(write);
    },
  };
});

describe("a write between a decision's read and its write", () => {
  let admin: TestUser, reviewer: TestUser, other: TestUser, third: TestUser, labeler: TestUser;
  let ids: string[];
  let secondOpinionIds: string[];

  const review = (who: TestUser, id: string, body: unknown) => who.api.post(`/api/v1/responses/${id}/review`, body);

  beforeAll(async () => {
    [admin, reviewer, other, third, labeler] = await createTestUsers(
      "admin",
      "reviewer",
      "reviewer",
      "reviewer",
      "labeler",
    );
    const prompts = Array.from({ length: 3 }, (_, i) => ({ id: `q${i}`, prompt: `Question ${i}?` }));
    const projectId = (await createProjectWithPrompts(admin.actor, prompts)).id;
    ids = (await submitThroughApi(labeler, projectId, ["Answer 0.", "Answer 1.", "Answer 2."])).map((r) => r.id);
    const chosen = (await createProjectWithPrompts(admin.actor, prompts, { secondOpinionRate: 1 })).id;
    secondOpinionIds = (await submitThroughApi(labeler, chosen, ["Answer A."])).map((r) => r.id);
  });

  it("another reviewer's decision: this one is 409 and writes nothing", async () => {
    between.write = async () => {
      expect((await review(other, ids[0]!, { decision: "accept" })).status).toBe(200);
    };
    const res = await review(reviewer, ids[0]!, { decision: "reject", comment: "No.", reason: "Incorrect" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("This response was already reviewed (accepted)");
    expect(await prisma.review.findMany({ where: { responseId: ids[0]! }, select: { reviewerId: true } })).toEqual([
      { reviewerId: other.actor.id },
    ]);
    expect((await auditEventsFor(ids[0]!)).filter((e) => e.action === "review.decide")).toHaveLength(1);
    expect((await prisma.response.findUniqueOrThrow({ where: { id: ids[0]! } })).status).toBe("accepted");
  });

  it("the author's new revision: a decision on the revision read is 409, one without a revision judges the new text", async () => {
    const edit = (text: string) => async () => {
      expect((await labeler.api.post(`/api/v1/responses/${ids[1]}/revisions`, { content: text })).status).toBe(201);
    };
    between.write = edit("Answer 1, revised.");
    const pinned = await review(reviewer, ids[1]!, { decision: "accept", revision: 1 });
    expect(pinned.status).toBe(409);
    expect(pinned.body.error.details).toEqual({ reason: "revision_changed", revision: 2 });

    between.write = edit("Answer 1, revised again.");
    const res = await review(reviewer, ids[1]!, { decision: "accept" });
    expect(res.status).toBe(200);
    expect(res.body.review).toMatchObject({ decision: "accept", revision: 3 });
    expect(res.body.response).toMatchObject({ status: "accepted", revision: 3, content: "Answer 1, revised again." });
    expect(await prisma.review.count({ where: { responseId: ids[1]! } })).toBe(1);
  });

  it("an edit made on the text before the author's revision is made again on the new one", async () => {
    between.write = async () => {
      expect((await labeler.api.post(`/api/v1/responses/${ids[2]}/revisions`, { content: "Answer 2!" })).status).toBe(
        201,
      );
    };
    const res = await review(reviewer, ids[2]!, { decision: "edit", editedContent: "Answer two." });
    expect(res.status).toBe(200);
    expect(res.body.review).toMatchObject({ decision: "edit", revision: 2 });
    expect(res.body.response).toMatchObject({ status: "accepted", revision: 3, content: "Answer two." });
    const revisions = await prisma.responseRevision.findMany({
      where: { responseId: ids[2]! },
      orderBy: { number: "asc" },
      select: { number: true, turns: true, authorId: true },
    });
    expect(revisions).toEqual([
      { number: 1, turns: ["Answer 2."], authorId: labeler.actor.id },
      { number: 2, turns: ["Answer 2!"], authorId: labeler.actor.id },
      { number: 3, turns: ["Answer two."], authorId: reviewer.actor.id },
    ]);
  });

  it("another reviewer's second opinion: this one is 409", async () => {
    const [id] = secondOpinionIds;
    expect((await review(reviewer, id!, { decision: "accept" })).status).toBe(200);
    between.write = async () => {
      expect((await review(other, id!, { decision: "accept" })).status).toBe(200);
    };
    const res = await review(third, id!, { decision: "reject", comment: "No.", reason: "Incorrect" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("This response already has its second opinion");
    expect(await prisma.review.count({ where: { responseId: id!, secondOpinion: true } })).toBe(1);
  });

  it("an undo and a new decision that leave the response's row as it was: the second opinion is not written on them", async () => {
    const projectId = (
      await createProjectWithPrompts(admin.actor, [{ id: "aba", prompt: "Question?" }], { secondOpinionRate: 1 })
    ).id;
    const [id] = (await submitThroughApi(labeler, projectId, ["Answer."])).map((r) => r.id);
    expect((await review(other, id!, { decision: "accept" })).status).toBe(200);
    // Read as a second opinion on the other reviewer's accept; meanwhile that accept is undone and this reviewer
    // accepts in another tab, chosen for a second opinion again: status, revision and flags are as they were read.
    between.write = async () => {
      expect((await other.api.delete(`/api/v1/responses/${id}/review`)).status).toBe(200);
      expect((await review(reviewer, id!, { decision: "accept" })).status).toBe(200);
    };
    const res = await review(reviewer, id!, { decision: "reject", comment: "No.", reason: "Incorrect" });
    expect(res.status).toBe(409);
    expect(await prisma.review.findMany({ where: { responseId: id! }, select: { reviewerId: true } })).toEqual([
      { reviewerId: reviewer.actor.id },
    ]);
  });
});
