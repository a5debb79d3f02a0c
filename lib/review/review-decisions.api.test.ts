import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { auditEventsFor, submitThroughApi } from "@/lib/testing/review-fixtures";
import { DEFAULT_REJECT_REASONS } from "@/lib/review/rubric";

// Every decision a reviewer can make on a submitted response, through the real route handlers:
// the state it leads to, what it requires, and what it refuses.
describe("review decisions", () => {
  let admin: TestUser, reviewer: TestUser, other: TestUser, labeler: TestUser;
  let projectId: string;
  let ids: string[];

  const review = (who: TestUser, id: string, body: unknown) => who.api.post(`/api/v1/responses/${id}/review`, body);

  beforeAll(async () => {
    [admin, reviewer, other, labeler] = await createTestUsers("admin", "reviewer", "reviewer", "labeler");
    // Nine prompts for the labeler, two more for the reviewer's and the admin's own responses.
    const prompts = Array.from({ length: 11 }, (_, i) => ({ id: `q${i}`, prompt: `Question ${i}?` }));
    projectId = (await createProjectWithPrompts(admin.actor, prompts, { maxResponseTokens: 40 })).id;
    const texts = Array.from({ length: 9 }, (_, i) => `Answer ${i}.`);
    ids = (await submitThroughApi(labeler, projectId, texts)).map((r) => r.id);
  });

  it("accepts with rubric scores and a duration, and records the decision in the audit log", async () => {
    const res = await review(reviewer, ids[0]!, {
      decision: "accept",
      comment: "Clear.",
      scores: { helpfulness: 5, honesty: 4, harmlessness: 5, guidelines: 4 },
      durationMs: 41_000,
    });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ id: ids[0], status: "accepted", revision: 1, secondOpinion: false });
    expect(res.body.review).toMatchObject({
      decision: "accept",
      comment: "Clear.",
      reason: null,
      scores: { helpfulness: 5, honesty: 4, harmlessness: 5, guidelines: 4 },
      revision: 1,
      secondOpinion: false,
      durationMs: 41_000,
    });
    const events = await auditEventsFor(ids[0]!);
    expect(events).toEqual([
      {
        action: "review.decide",
        actorId: reviewer.actor.id,
        projectId,
        before: { status: "submitted", revision: 1 },
        after: expect.objectContaining({
          status: "accepted",
          decision: "accept",
          reviewId: res.body.review.id,
          secondOpinion: false,
        }),
      },
    ]);
  });

  it("rejects only with a comment and a reason from the project's list (the default list here)", async () => {
    const bare = await review(reviewer, ids[1]!, { decision: "reject" });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.map((d: { path: string[] }) => d.path[0]).sort()).toEqual(["comment", "reason"]);
    const wrongReason = await review(reviewer, ids[1]!, { decision: "reject", comment: "Wrong.", reason: "Too long" });
    expect(wrongReason.status).toBe(400);
    expect(wrongReason.body.error.details[0].message).toContain(DEFAULT_REJECT_REASONS.join(", "));
    const blankComment = await review(reviewer, ids[1]!, { decision: "reject", comment: "   ", reason: "Incorrect" });
    expect(blankComment.status).toBe(400);

    const res = await review(reviewer, ids[1]!, {
      decision: "reject",
      comment: "The date is wrong.",
      reason: "Incorrect",
    });
    expect(res.status).toBe(200);
    expect(res.body.response.status).toBe("rejected");
    expect(res.body.review).toMatchObject({ decision: "reject", reason: "Incorrect", comment: "The date is wrong." });
  });

  it("takes scores only for the rubric's criteria, as whole numbers from 1 to 5", async () => {
    for (const scores of [
      { style: 3 },
      { helpfulness: 6 },
      { helpfulness: 0 },
      { helpfulness: 2.5 },
      { helpfulness: "4" },
    ]) {
      const res = await review(reviewer, ids[2]!, { decision: "accept", scores });
      expect(res.status, JSON.stringify(scores)).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
    }
    expect((await prisma.response.findUniqueOrThrow({ where: { id: ids[2]! } })).status).toBe("submitted");
    expect(await prisma.review.count({ where: { responseId: ids[2]! } })).toBe(0);
  });

  it("sends a response back for a revision only with a comment, and then waits for the author", async () => {
    expect((await review(reviewer, ids[2]!, { decision: "revise" })).status).toBe(400);
    const res = await review(reviewer, ids[2]!, {
      decision: "revise",
      comment: "Add an example.",
      scores: { helpfulness: 2 },
    });
    expect(res.status).toBe(200);
    expect(res.body.response.status).toBe("needs_revision");
    expect(res.body.response.secondOpinion).toBe(false);
    const again = await review(other, ids[2]!, { decision: "accept" });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/back with its author/);
  });

  it("edits and accepts: the reviewer's text becomes revision 2, the author's stays as revision 1", async () => {
    const res = await review(reviewer, ids[3]!, {
      decision: "edit",
      editedContent: "Answer 3, corrected.",
      comment: "Fixed the number.",
    });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({
      status: "accepted",
      revision: 2,
      content: "Answer 3, corrected.",
      turns: ["Answer 3, corrected."],
    });
    expect(res.body.review).toMatchObject({ decision: "edit", revision: 1 });
    const revisions = await prisma.responseRevision.findMany({
      where: { responseId: ids[3]! },
      orderBy: { number: "asc" },
    });
    expect(revisions.map((r) => [r.number, r.turns, r.authorId])).toEqual([
      [1, ["Answer 3."], labeler.actor.id],
      [2, ["Answer 3, corrected."], reviewer.actor.id],
    ]);
    const stored = await prisma.response.findUniqueOrThrow({ where: { id: ids[3]! } });
    expect(stored).toMatchObject({ turns: ["Answer 3, corrected."], revision: 2, status: "accepted" });
    expect(stored.tokenCount).toBeGreaterThan(3);
  });

  it("validates an edit like a submit: the text, one non-empty turn per slot, within the token limit", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ decision: "edit" }, /editedContent or editedTurns/],
      [{ decision: "edit", editedContent: "a", editedTurns: ["a"] }, /editedContent or editedTurns/],
      [{ decision: "edit", editedContent: "  " }, /Write the response/],
      [{ decision: "edit", editedTurns: ["one", "two"] }, /1 turn/],
      [{ decision: "edit", editedContent: "word ".repeat(200) }, /within 40 tokens/],
      [{ decision: "edit", editedContent: "Answer 4." }, /changes nothing/],
      [{ decision: "accept", editedContent: "sneaky" }, /edit decision only/],
      [{ decision: "accept", reason: "Incorrect" }, /rejection only/],
    ];
    for (const [body, message] of cases) {
      const res = await review(reviewer, ids[4]!, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.details), JSON.stringify(body)).toMatch(message);
    }
    const edited = await review(reviewer, ids[4]!, { decision: "edit", editedTurns: ["Answer four."] });
    expect(edited.status).toBe(200);
    expect(edited.body.response.content).toBe("Answer four.");
  });

  it("never lets anyone review their own response, whatever their role", async () => {
    const [selfReviewer] = await submitThroughApi(reviewer, projectId, ["My own answer."]);
    expect((await review(reviewer, selfReviewer!.id, { decision: "accept" })).status).toBe(403);
    const [adminOwn] = await submitThroughApi(admin, projectId, ["The admin's answer."]);
    const selfAdmin = await review(admin, adminOwn!.id, { decision: "accept" });
    expect(selfAdmin.status).toBe(403);
    expect(selfAdmin.body.error).toEqual({ code: "forbidden", message: "You cannot review your own response" });
    // A labeler cannot review at all.
    expect((await review(labeler, ids[5]!, { decision: "accept" })).status).toBe(403);
    expect(
      await prisma.review.count({ where: { responseId: { in: [selfReviewer!.id, adminOwn!.id, ids[5]!] } } }),
    ).toBe(0);
  });

  it("keeps a decision: a second review that is not a second opinion is 409", async () => {
    expect((await review(other, ids[0]!, { decision: "reject", comment: "No.", reason: "Incorrect" })).status).toBe(
      409,
    );
    expect((await review(reviewer, ids[0]!, { decision: "accept" })).status).toBe(409);
    expect((await prisma.response.findUniqueOrThrow({ where: { id: ids[0]! } })).status).toBe("accepted");
  });

  it("answers 400 to an unknown decision or field and 404 to a missing response", async () => {
    expect((await review(reviewer, ids[5]!, { decision: "maybe" })).status).toBe(400);
    expect((await review(reviewer, ids[5]!, { decision: "accept", status: "accepted" })).status).toBe(400);
    expect((await review(reviewer, ids[5]!, { decision: "accept", durationMs: -1 })).status).toBe(400);
    expect((await review(reviewer, "not-a-uuid", { decision: "accept" })).status).toBe(404);
    expect((await review(reviewer, "00000000-0000-4000-8000-000000000000", { decision: "accept" })).status).toBe(404);
  });

  it("lets the first of two concurrent decisions win and answers 409 to the other", async () => {
    const results = await Promise.all([
      review(reviewer, ids[6]!, { decision: "accept" }),
      review(other, ids[6]!, { decision: "reject", comment: "No.", reason: "Unhelpful" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await prisma.review.count({ where: { responseId: ids[6]! } })).toBe(1);
  });
});
