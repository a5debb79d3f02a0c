import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { auditEventsFor, submitThroughApi } from "@/lib/testing/review-fixtures";
import { UNDO_WINDOW_SECONDS } from "@/lib/review/undo-review";

// Taking a decision back shortly after making it: DELETE /responses/{id}/review (docs/review.md, "Undo").
describe("undoing a review decision", () => {
  let admin: TestUser, reviewer: TestUser, other: TestUser, labeler: TestUser;
  let projectId: string;
  let ids: string[];

  const review = (who: TestUser, id: string, body: unknown) => who.api.post(`/api/v1/responses/${id}/review`, body);
  const undo = (who: TestUser, id: string) => who.api.delete(`/api/v1/responses/${id}/review`);
  const inQueue = async (who: TestUser) =>
    ((await who.api.get(`/api/v1/projects/${projectId}/responses`)).body.items as Array<{ id: string }>).map(
      (r) => r.id,
    );

  beforeAll(async () => {
    [admin, reviewer, other, labeler] = await createTestUsers("admin", "reviewer", "reviewer", "labeler");
    const prompts = Array.from({ length: 8 }, (_, i) => ({ id: `u${i}`, prompt: `Question ${i}?` }));
    projectId = (await createProjectWithPrompts(admin.actor, prompts, { secondOpinionRate: 1 })).id;
    ids = (
      await submitThroughApi(
        labeler,
        projectId,
        Array.from({ length: 8 }, (_, i) => `Answer ${i}.`),
      )
    ).map((r) => r.id);
  });

  it("puts an accepted response back in the queue, removes the review and records review.undo", async () => {
    const id = ids[0]!;
    const decided = await review(reviewer, id, { decision: "accept", scores: { helpfulness: 4 } });
    expect(decided.status).toBe(200);
    expect(decided.body.response.secondOpinion).toBe(true);
    expect(await inQueue(other)).not.toContain(id);

    const res = await undo(reviewer, id);
    expect(res.status).toBe(200);
    expect(res.body.undone).toEqual({ reviewId: decided.body.review.id, decision: "accept", secondOpinion: false });
    expect(res.body.response).toMatchObject({ id, status: "submitted", revision: 1, secondOpinion: false });
    expect(await prisma.review.count({ where: { responseId: id } })).toBe(0);
    expect(await inQueue(other)).toContain(id);
    const events = await auditEventsFor(id);
    expect(events.map((e) => e.action)).toEqual(["review.decide", "review.undo"]);
    expect(events[1]).toMatchObject({
      actorId: reviewer.actor.id,
      before: { status: "accepted", decision: "accept", reviewId: decided.body.review.id, scores: { helpfulness: 4 } },
      after: { status: "submitted", revision: 1 },
    });
    // Undone once: nothing of the reviewer's is left to undo.
    expect((await undo(reviewer, id)).status).toBe(403);
  });

  it("removes a reviewer's edit: the author's text is the current one again", async () => {
    const id = ids[1]!;
    expect((await review(reviewer, id, { decision: "edit", editedContent: "The reviewer's text." })).status).toBe(200);
    const res = await undo(reviewer, id);
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ status: "submitted", revision: 1, turns: ["Answer 1."] });
    expect(await prisma.responseRevision.count({ where: { responseId: id } })).toBe(1);
  });

  it("takes back a send-back before the author resubmits, and not after", async () => {
    const [first, second] = [ids[2]!, ids[3]!];
    expect((await review(reviewer, first, { decision: "revise", comment: "Say more." })).status).toBe(200);
    expect((await undo(reviewer, first)).body.response.status).toBe("submitted");

    expect((await review(reviewer, second, { decision: "revise", comment: "Say more." })).status).toBe(200);
    const task = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(task.body.revision).toBeTruthy();
    expect((await labeler.api.post(`/api/v1/tasks/${task.body.id}/submit`, { content: "More." })).status).toBe(201);
    const late = await undo(reviewer, second);
    expect(late.status).toBe(409);
    expect(late.body.error.details).toEqual({ reason: "superseded" });
  });

  it("is refused to another reviewer, the author, a labeler and for an unknown response", async () => {
    const id = ids[4]!;
    expect((await review(reviewer, id, { decision: "reject", reason: "Incorrect", comment: "No." })).status).toBe(200);
    const byOther = await undo(other, id);
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toMatch(/Only the reviewer who made a decision/);
    expect((await undo(admin, id)).status).toBe(403);
    expect((await undo(labeler, id)).status).toBe(403);
    expect((await undo(reviewer, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await prisma.response.findUniqueOrThrow({ where: { id } })).status).toBe("rejected");
  });

  it("is refused once another review came after it (a second opinion)", async () => {
    const id = ids[5]!;
    expect((await review(reviewer, id, { decision: "accept" })).status).toBe(200);
    expect((await review(other, id, { decision: "accept" })).status).toBe(200);
    const res = await undo(reviewer, id);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ reason: "superseded" });
    // The second opinion itself can be taken back by its reviewer; the response stays accepted.
    const second = await undo(other, id);
    expect(second.status).toBe(200);
    expect(second.body.undone.secondOpinion).toBe(true);
    expect(second.body.response.status).toBe("accepted");
  });

  it(`is refused after ${UNDO_WINDOW_SECONDS} seconds`, async () => {
    const id = ids[6]!;
    const decided = await review(reviewer, id, { decision: "accept" });
    await prisma.review.update({
      where: { id: decided.body.review.id },
      data: { createdAt: new Date(Date.now() - (UNDO_WINDOW_SECONDS + 5) * 1000) },
    });
    const res = await undo(reviewer, id);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ reason: "too_late" });
    expect((await prisma.response.findUniqueOrThrow({ where: { id } })).status).toBe("accepted");
  });

  it("orders an undo and a second opinion at the same moment: either order, never a mix of both", async () => {
    const id = ids[7]!;
    expect((await review(reviewer, id, { decision: "accept" })).status).toBe(200);
    const [undone, opinion] = await Promise.all([
      undo(reviewer, id),
      review(other, id, { decision: "reject", reason: "Incorrect", comment: "No." }),
    ]);
    expect(opinion.status).toBe(200);
    const reviews = await prisma.review.findMany({ where: { responseId: id }, orderBy: { createdAt: "asc" } });
    const response = await prisma.response.findUniqueOrThrow({ where: { id } });
    if (undone.status === 200) {
      // The undo first: the response waited again, and the other reviewer's reject was its decision.
      expect(response.status).toBe("rejected");
      expect(reviews.map((r) => [r.reviewerId, r.secondOpinion])).toEqual([[other.actor.id, false]]);
    } else {
      // The second opinion first: the undo came too late to take anything back.
      expect(undone.status).toBe(409);
      expect(response.status).toBe("accepted");
      expect(reviews.map((r) => [r.reviewerId, r.secondOpinion])).toEqual([
        [reviewer.actor.id, false],
        [other.actor.id, true],
      ]);
    }
  });
});
