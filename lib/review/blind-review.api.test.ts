import { beforeAll, describe, expect, it } from "vitest";
import { pseudonym } from "@/lib/users/pseudonym";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";

// Who may read a response, and whose names they see: blind review shows reviewers the author
// as a stable pseudonym everywhere; admins see names; the author reads their own work.
describe("response detail and blind review", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser, stranger: TestUser;
  let blindId: string, openId: string, blindProject: string;

  beforeAll(async () => {
    [admin, reviewer, labeler, stranger] = await createTestUsers("admin", "reviewer", "labeler", "labeler");
    blindProject = (
      await createProjectWithPrompts(admin.actor, [{ id: "b1", prompt: "Blind?" }], { blindReview: true })
    ).id;
    const openProject = (await createProjectWithPrompts(admin.actor, [{ id: "o1", prompt: "Open?" }])).id;
    blindId = (await submitThroughApi(labeler, blindProject, ["Blind answer."]))[0]!.id;
    openId = (await submitThroughApi(labeler, openProject, ["Open answer."]))[0]!.id;
  });

  const hidden = () => ({ id: null, name: pseudonym(labeler.actor.id) });
  const named = () => ({ id: labeler.actor.id, name: labeler.actor.name });

  it("shows reviewers the author as a pseudonym in the list and the detail, and never the name", async () => {
    const list = await reviewer.api.get(`/api/v1/projects/${blindProject}/responses`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].author).toEqual(hidden());
    const detail = await reviewer.api.get(`/api/v1/responses/${blindId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.author).toEqual(hidden());
    expect(detail.body.revisions[0].author).toEqual(hidden());
    expect(JSON.stringify(detail.body) + JSON.stringify(list.body)).not.toContain(labeler.actor.name);
    expect(JSON.stringify(detail.body) + JSON.stringify(list.body)).not.toContain(labeler.actor.id);
    const decided = await reviewer.api.post(`/api/v1/responses/${blindId}/review`, { decision: "accept" });
    expect(decided.body.response.author).toEqual(hidden());
  });

  it("keeps the pseudonym stable and lets reviewers filter by it, not by the user id", async () => {
    const byPseudonym = await reviewer.api.get(
      `/api/v1/projects/${blindProject}/responses?status=all&labeler=${pseudonym(labeler.actor.id)}`,
    );
    expect(byPseudonym.body.items.map((r: { id: string }) => r.id)).toEqual([blindId]);
    const byId = await reviewer.api.get(
      `/api/v1/projects/${blindProject}/responses?status=all&labeler=${labeler.actor.id}`,
    );
    expect(byId.status).toBe(400);
    const adminById = await admin.api.get(
      `/api/v1/projects/${blindProject}/responses?status=all&labeler=${labeler.actor.id}`,
    );
    expect(adminById.body.items.map((r: { id: string }) => r.id)).toEqual([blindId]);
  });

  it("shows admins the name", async () => {
    expect((await admin.api.get(`/api/v1/projects/${blindProject}/responses?status=all`)).body.items[0].author).toEqual(
      named(),
    );
    const detail = await admin.api.get(`/api/v1/responses/${blindId}`);
    expect(detail.body.author).toEqual(named());
    expect(detail.body.reviews[0].reviewer).toEqual({ id: reviewer.actor.id, name: reviewer.actor.name });
  });

  it("shows names when the project does not review blind", async () => {
    expect((await reviewer.api.get(`/api/v1/responses/${openId}`)).body.author).toEqual(named());
  });

  it("lets the author read their own response, with reviewers as pseudonyms, and nobody else without the role", async () => {
    const own = await labeler.api.get(`/api/v1/responses/${blindId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ author: named(), status: "accepted", canReview: null, guidelinesVersion: 1 });
    expect(own.body.reviews[0].reviewer).toEqual({ id: null, name: pseudonym(reviewer.actor.id) });
    expect(own.body.conversation.messages).toEqual([
      { role: "user", content: "Blind?" },
      { role: "assistant", content: null },
    ]);
    expect((await stranger.api.get(`/api/v1/responses/${blindId}`)).status).toBe(404);
    expect((await stranger.api.get(`/api/v1/responses/not-a-uuid`)).status).toBe(404);
    // The review list stays with reviewers and admins.
    expect((await labeler.api.get(`/api/v1/projects/${blindProject}/responses`)).status).toBe(403);
  });
});
