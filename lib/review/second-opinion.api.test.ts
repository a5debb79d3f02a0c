import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import {
  createProjectWithPrompts,
  createTestProject,
  createTestUser,
  createTestUsers,
  type TestUser,
} from "@/lib/testing/factories";
import { seedSubmittedResponses, submitThroughApi } from "@/lib/testing/review-fixtures";
import { sampleSecondOpinion } from "@/lib/review/second-opinion";
import { reviewResponse } from "@/lib/review/review-response";

describe("second-opinion sampling", () => {
  it("chooses nothing at rate 0, everything at rate 1, and about the rate in between", () => {
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    expect(ids.filter((id) => sampleSecondOpinion(id, 0)).length).toBe(0);
    expect(ids.filter((id) => sampleSecondOpinion(id, 1)).length).toBe(10_000);
    // Binomial(10,000, 0.3): sd = √(10,000 · 0.3 · 0.7) ≈ 46, so 2,800..3,200 is more than ±4 sd.
    const chosen = ids.filter((id) => sampleSecondOpinion(id, 0.3)).length;
    expect(chosen).toBeGreaterThan(2_800);
    expect(chosen).toBeLessThan(3_200);
  });

  it("gives the same answer for the same response, so a choice can be recomputed", () => {
    const id = randomUUID();
    expect(new Set(Array.from({ length: 5 }, () => sampleSecondOpinion(id, 0.5))).size).toBe(1);
  });
});

describe("second opinions over the API", () => {
  let admin: TestUser, first: TestUser, second: TestUser, third: TestUser, labeler: TestUser;

  beforeAll(async () => {
    [admin, first, second, third, labeler] = await createTestUsers(
      "admin",
      "reviewer",
      "reviewer",
      "reviewer",
      "labeler",
    );
  });

  async function decideAll(ids: string[]) {
    // Eight at a time: decisions on different responses do not wait for each other.
    for (let i = 0; i < ids.length; i += 8) {
      const results = await Promise.all(
        ids.slice(i, i + 8).map((id) => first.api.post(`/api/v1/responses/${id}/review`, { decision: "accept" })),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    }
    const rows = await prisma.response.findMany({
      where: { id: { in: ids } },
      select: { id: true, secondOpinion: true },
    });
    return new Set(rows.filter((r) => r.secondOpinion).map((r) => r.id));
  }

  it("flags about 30 % of 200 decisions at rate 0.3, exactly the responses the sampler picks", async () => {
    const project = await createTestProject(admin.actor, { secondOpinionRate: 0.3 });
    const ids = await seedSubmittedResponses(project.id, labeler.actor.id, 200);
    const flagged = await decideAll(ids);
    // Binomial(200, 0.3): mean 60, sd ≈ 6.5; 35..85 is about ±4 sd.
    expect(flagged.size).toBeGreaterThanOrEqual(35);
    expect(flagged.size).toBeLessThanOrEqual(85);
    expect(flagged).toEqual(new Set(ids.filter((id) => sampleSecondOpinion(id, 0.3))));
  });

  it("flags none at rate 0 and every decision at rate 1, but never a request for a revision", async () => {
    const none = await createTestProject(admin.actor, { secondOpinionRate: 0 });
    expect((await decideAll(await seedSubmittedResponses(none.id, labeler.actor.id, 30))).size).toBe(0);
    const all = await createTestProject(admin.actor, { secondOpinionRate: 1 });
    const ids = await seedSubmittedResponses(all.id, labeler.actor.id, 31);
    expect((await decideAll(ids.slice(0, 30))).size).toBe(30);
    const revise = await first.api.post(`/api/v1/responses/${ids[30]}/review`, {
      decision: "revise",
      comment: "More.",
    });
    expect(revise.body.response).toMatchObject({ status: "needs_revision", secondOpinion: false });
  });

  it("takes the random source as a parameter, for callers that need their own", async () => {
    const project = await createTestProject(admin.actor, { secondOpinionRate: 0.5 });
    const [id] = await seedSubmittedResponses(project.id, labeler.actor.id, 1);
    const seen: Array<[string, number]> = [];
    const { response } = await reviewResponse(
      first.actor,
      id!,
      { decision: "accept" },
      {
        sample: (responseId, rate) => {
          seen.push([responseId, rate]);
          return true;
        },
      },
    );
    expect(seen).toEqual([[id, 0.5]]);
    expect(response.secondOpinion).toBe(true);
  });

  describe("a response chosen for a second opinion", () => {
    let projectId: string;
    let accepted: string, rejected: string, edited: string;

    beforeAll(async () => {
      const prompts = [{ prompt: "One?" }, { prompt: "Two?" }, { prompt: "Three?" }];
      projectId = (await createProjectWithPrompts(admin.actor, prompts, { secondOpinionRate: 1 })).id;
      [accepted, rejected, edited] = (await submitThroughApi(labeler, projectId, ["One.", "Two.", "Three."])).map(
        (r) => r.id,
      ) as [string, string, string];
      await first.api.post(`/api/v1/responses/${accepted}/review`, { decision: "accept", scores: { helpfulness: 5 } });
      await first.api.post(`/api/v1/responses/${rejected}/review`, {
        decision: "reject",
        comment: "Wrong.",
        reason: "Incorrect",
      });
      await first.api.post(`/api/v1/responses/${edited}/review`, {
        decision: "edit",
        editedContent: "Three, improved.",
      });
    });

    it("shows another reviewer the response undecided, without the first decision, until they decide", async () => {
      const detail = await second.api.get(`/api/v1/responses/${rejected}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        status: "submitted",
        secondOpinion: true,
        canReview: "second_opinion",
        reviews: [],
      });
      const list = await second.api.get(`/api/v1/projects/${projectId}/responses?secondOpinion=pending`);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([accepted, rejected, edited]);
      expect(
        list.body.items.every((r: { status: string; score: unknown }) => r.status === "submitted" && r.score === null),
      ).toBe(true);
      // Filters cannot reveal the decision either.
      for (const query of ["status=accepted", "status=rejected", "minScore=1"]) {
        const filtered = await second.api.get(`/api/v1/projects/${projectId}/responses?${query}`);
        expect(filtered.body.items, query).toEqual([]);
      }
    });

    it("shows the text the first decision judged, not the reviewer's edit", async () => {
      const detail = await second.api.get(`/api/v1/responses/${edited}`);
      expect(detail.body).toMatchObject({ status: "submitted", revision: 1, content: "Three." });
      expect(detail.body.revisions.map((r: { number: number }) => r.number)).toEqual([1]);
      const res = await second.api.post(`/api/v1/responses/${edited}/review`, { decision: "accept" });
      expect(res.status).toBe(200);
      expect(res.body.review).toMatchObject({ secondOpinion: true, revision: 1 });
      expect(res.body.response).toMatchObject({ status: "accepted", revision: 2, content: "Three, improved." });
    });

    it("lets the first reviewer, the admin and the author see the decision and keeps them from a second opinion", async () => {
      const mine = await first.api.get(`/api/v1/responses/${rejected}`);
      expect(mine.body).toMatchObject({ status: "rejected", canReview: null });
      expect(mine.body.reviews).toHaveLength(1);
      const adminView = await admin.api.get(`/api/v1/responses/${rejected}`);
      expect(adminView.body).toMatchObject({ status: "rejected", canReview: "second_opinion" });
      expect(adminView.body.reviews).toHaveLength(1);
      expect((await labeler.api.get(`/api/v1/responses/${rejected}`)).body.status).toBe("rejected");
      const pending = await first.api.get(`/api/v1/projects/${projectId}/responses?secondOpinion=pending`);
      expect(pending.body.items).toEqual([]);
      const again = await first.api.post(`/api/v1/responses/${rejected}/review`, { decision: "accept" });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/another reviewer/);
    });

    it("records a second opinion without changing the status, then closes it to everyone else", async () => {
      const revise = await second.api.post(`/api/v1/responses/${rejected}/review`, {
        decision: "revise",
        comment: "Hm.",
      });
      expect(revise.status).toBe(400);
      expect(revise.body.error.details[0].message).toMatch(/accept or reject/);
      const res = await second.api.post(`/api/v1/responses/${rejected}/review`, {
        decision: "accept",
        scores: { honesty: 4 },
      });
      expect(res.status).toBe(200);
      expect(res.body.review).toMatchObject({ decision: "accept", secondOpinion: true, revision: 1 });
      expect(res.body.response.status).toBe("rejected");
      expect((await prisma.response.findUniqueOrThrow({ where: { id: rejected } })).status).toBe("rejected");

      const after = await second.api.get(`/api/v1/responses/${rejected}`);
      expect(after.body).toMatchObject({ status: "rejected", canReview: null });
      expect(
        after.body.reviews.map((r: { decision: string; secondOpinion: boolean }) => [r.decision, r.secondOpinion]),
      ).toEqual([
        ["reject", false],
        ["accept", true],
      ]);
      const late = await third.api.post(`/api/v1/responses/${rejected}/review`, {
        decision: "reject",
        comment: "x",
        reason: "Incorrect",
      });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/already has its second opinion/);
      const pending = await third.api.get(`/api/v1/projects/${projectId}/responses?secondOpinion=pending`);
      expect(pending.body.items.map((r: { id: string }) => r.id)).toEqual([accepted]);
      const event = await prisma.auditEvent.findFirstOrThrow({
        where: { entityId: rejected, actorId: second.actor.id },
      });
      expect(event).toMatchObject({
        action: "review.decide",
        before: { status: "rejected" },
        after: { status: "rejected", secondOpinion: true },
      });
    });
  });
  // The reviewer's home and the queue read the second opinions waiting through a flag a trigger on reviews
  // keeps (responses.second_opinion_given): it must say what the reviews say after every write of one.
  describe('the stored "second opinion given"', () => {
    const given = async (projectId: string) => {
      const rows = await prisma.$queryRaw<Array<{ id: string; stored: boolean; truth: boolean }>>`
        SELECT r.id, r.second_opinion_given AS stored,
               EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = r.id AND v.second_opinion) AS truth
          FROM responses r WHERE r.project_id = ${projectId}::uuid ORDER BY r.seq`;
      expect(rows.filter((r) => r.stored !== r.truth)).toEqual([]);
      return rows.filter((r) => r.stored).map((r) => r.id);
    };
    const waitingFor = async (user: TestUser, projectId: string) =>
      (await user.api.get(`/api/v1/projects/${projectId}/responses?secondOpinion=pending`)).body.items.map(
        (r: { id: string }) => r.id,
      );

    it("follows second opinions given, taken back, and removed with their reviewer", async () => {
      const prompts = [{ prompt: "Eins?" }, { prompt: "Zwei?" }];
      const projectId = (await createProjectWithPrompts(admin.actor, prompts, { secondOpinionRate: 1 })).id;
      const [a, b] = (await submitThroughApi(labeler, projectId, ["Eins.", "Zwei."])).map((r) => r.id) as [
        string,
        string,
      ];
      for (const id of [a, b])
        expect((await first.api.post(`/api/v1/responses/${id}/review`, { decision: "accept" })).status).toBe(200);
      expect(await given(projectId)).toEqual([]);
      expect(await waitingFor(third, projectId)).toEqual([a, b]);

      // Given, then taken back within the undo window: waiting again.
      expect(
        (
          await second.api.post(`/api/v1/responses/${a}/review`, {
            decision: "reject",
            comment: "No.",
            reason: "Incorrect",
          })
        ).status,
      ).toBe(200);
      expect(await given(projectId)).toEqual([a]);
      expect(await waitingFor(third, projectId)).toEqual([b]);
      expect((await second.api.delete(`/api/v1/responses/${a}/review`)).status).toBe(200);
      expect(await given(projectId)).toEqual([]);
      expect(await waitingFor(third, projectId)).toEqual([a, b]);

      // Given by a reviewer whose account is then deleted: their reviews go, and the response waits again.
      const leaving = await createTestUser("reviewer");
      expect((await leaving.api.post(`/api/v1/responses/${b}/review`, { decision: "accept" })).status).toBe(200);
      expect(await given(projectId)).toEqual([b]);
      expect(await waitingFor(third, projectId)).toEqual([a]);
      await prisma.user.delete({ where: { id: leaving.actor.id } });
      expect(await given(projectId)).toEqual([]);
      expect(await waitingFor(third, projectId)).toEqual([a, b]);

      // The first decision taken back: no longer chosen, so not waiting, whatever the flag says.
      expect((await first.api.delete(`/api/v1/responses/${b}/review`)).status).toBe(200);
      expect(await waitingFor(third, projectId)).toEqual([a]);
    });

    it("is recomputed for a project by exemplar_refresh_second_opinions after a bulk load", async () => {
      const projectId = (await createProjectWithPrompts(admin.actor, [{ prompt: "Drei?" }], { secondOpinionRate: 1 }))
        .id;
      const [c] = (await submitThroughApi(labeler, projectId, ["Drei."])).map((r) => r.id) as [string];
      expect((await first.api.post(`/api/v1/responses/${c}/review`, { decision: "accept" })).status).toBe(200);
      expect((await second.api.post(`/api/v1/responses/${c}/review`, { decision: "accept" })).status).toBe(200);
      // A bulk load writes rows with the triggers off: the flag is wrong until the refresh.
      await prisma.$executeRaw`UPDATE responses SET second_opinion_given = false WHERE id = ${c}::uuid`;
      expect(await waitingFor(third, projectId)).toEqual([c]);
      const [refreshed] = await prisma.$queryRaw<Array<{ changed: number }>>`
        SELECT exemplar_refresh_second_opinions(${projectId}::uuid) AS changed`;
      expect(refreshed?.changed).toBe(1);
      expect(await given(projectId)).toEqual([c]);
      expect(await waitingFor(third, projectId)).toEqual([]);
    });
  });
});
