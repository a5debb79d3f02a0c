import { beforeAll, describe, expect, it } from "vitest";
import { pseudonym } from "@/lib/users/pseudonym";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// What a labeler sees of the review of their own response, over the API (docs/review.md, "The
// response detail"): reviewers as pseudonyms even on a blind project, no second opinions, scores only
// where the project shows labelers their scores; and nobody else's response.
describe("feedback to the labeler", () => {
  let admin: TestUser, labeler: TestUser, other: TestUser, reviewer: TestUser, second: TestUser;
  let projectId: string;
  let edited: string, sentBack: string;

  beforeAll(async () => {
    [admin, labeler, other, reviewer, second] = await createTestUsers(
      "admin",
      "labeler",
      "labeler",
      "reviewer",
      "reviewer",
    );
    projectId = (
      await createProjectWithPrompts(
        admin.actor,
        [
          { id: "f1", prompt: "Name a prime." },
          { id: "f2", prompt: "Name an even prime." },
          { id: "f3", prompt: "Name a large prime." },
        ],
        { blindReview: true, labelersSeeScores: false, secondOpinionRate: 1 },
      )
    ).id;
    const submit = async (content: string) => {
      const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
      return (await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content })).body.id as string;
    };
    edited = await submit("Seven is prime.");
    sentBack = await submit("Two, I think.");

    const edit = await reviewer.api.post(`/api/v1/responses/${edited}/review`, {
      decision: "edit",
      editedContent: "Seven is a prime number.",
      comment: "Say it in full.",
      scores: { helpfulness: 4, honesty: 5 },
    });
    expect(edit.status).toBe(200);
    // Every decided response gets a second opinion here (rate 1): the author must not see it.
    const opinion = await second.api.post(`/api/v1/responses/${edited}/review`, {
      decision: "reject",
      reason: "Incorrect",
      comment: "I would not have accepted it.",
      scores: { helpfulness: 1 },
    });
    expect(opinion.status).toBe(200);
    const revise = await reviewer.api.post(`/api/v1/responses/${sentBack}/review`, {
      decision: "revise",
      comment: "Be sure: two is prime.",
      scores: { honesty: 2 },
    });
    expect(revise.status).toBe(200);
  });

  it("shows the author the decision, comment and reviewer's revision, with reviewers as pseudonyms", async () => {
    const { status, body, text } = await labeler.api.get(`/api/v1/responses/${edited}`);
    expect(status).toBe(200);
    expect(body.revisions.map((r: { by: string; turns: string[] }) => [r.by, r.turns])).toEqual([
      ["author", ["Seven is prime."]],
      ["reviewer", ["Seven is a prime number."]],
    ]);
    expect(body.reviews).toEqual([
      expect.objectContaining({
        decision: "edit",
        comment: "Say it in full.",
        reviewer: { id: null, name: pseudonym(reviewer.actor.id) },
      }),
    ]);
    expect(body.revisions[1].author).toEqual({ id: null, name: pseudonym(reviewer.actor.id) });
    // No reviewer's name or id anywhere in the answer, and nothing of the second opinion.
    for (const person of [reviewer, second]) {
      expect(text).not.toContain(person.actor.id);
      expect(text).not.toContain(person.actor.name);
    }
    expect(text).not.toContain("I would not have accepted it.");
  });

  it("hides the scores from the author while the project hides them, and shows them once it does not", async () => {
    const hidden = await labeler.api.get(`/api/v1/responses/${edited}`);
    expect(hidden.body.reviews.map((r: { scores: unknown }) => r.scores)).toEqual([null]);
    // Reviewers still see them.
    const forReviewer = await second.api.get(`/api/v1/responses/${edited}`);
    expect(forReviewer.body.reviews.map((r: { scores: unknown }) => r.scores)).toEqual([
      { helpfulness: 4, honesty: 5 },
      { helpfulness: 1 },
    ]);

    const patched = await admin.api.patch(`/api/v1/projects/${projectId}`, { labelersSeeScores: true });
    expect(patched.status).toBe(200);
    expect(patched.body.labelersSeeScores).toBe(true);
    const shown = await labeler.api.get(`/api/v1/responses/${edited}`);
    expect(shown.body.reviews.map((r: { scores: unknown }) => r.scores)).toEqual([{ helpfulness: 4, honesty: 5 }]);
    await admin.api.patch(`/api/v1/projects/${projectId}`, { labelersSeeScores: false });
  });

  it("answers another labeler 404 for a response that is not theirs", async () => {
    for (const id of [edited, sentBack]) {
      const res = await other.api.get(`/api/v1/responses/${id}`);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain("Seven");
    }
  });

  it("counts the work sent back to its author, and a skipped prompt with a draft", async () => {
    expect((await labeler.api.get("/api/v1/me/waiting")).body).toEqual({ sentBack: 1, skippedDrafts: 0 });
    expect((await other.api.get("/api/v1/me/waiting")).body).toEqual({ sentBack: 0, skippedDrafts: 0 });

    // tasks/next hands the sent-back response back first; the other prompt is claimed, drafted, skipped.
    const revision = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    expect(revision.responseId).toBe(sentBack);
    expect((await labeler.api.post(`/api/v1/tasks/${revision.id}/submit`, { content: "Two." })).status).toBe(201);
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    expect(task.externalId).toBe("f3");
    await labeler.api.put(`/api/v1/tasks/${task.id}/draft`, { content: "Half a thought" });
    expect((await labeler.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(200);
    expect((await labeler.api.get("/api/v1/me/waiting")).body).toEqual({ sentBack: 0, skippedDrafts: 1 });
  });
});
