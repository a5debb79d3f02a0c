import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";
import { DEFAULT_REJECT_REASONS, DEFAULT_RUBRIC } from "@/lib/review/rubric";

const clarity = {
  key: "clarity",
  label: "Clarity",
  levels: ["Unreadable.", "Hard to follow.", "Readable.", "Clear.", "Crystal clear."],
};

// The review settings of a project (docs/review.md): blind review, second-opinion rate, rubric, reject reasons.
describe("project review settings", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser;
  let projectId: string;

  beforeAll(async () => {
    [admin, reviewer, labeler] = await createTestUsers("admin", "reviewer", "labeler");
    projectId = (await createProjectWithPrompts(admin.actor, [{ prompt: "a" }, { prompt: "b" }, { prompt: "c" }])).id;
  });

  it("starts with the defaults: open review, no second opinions, the default rubric and reasons", async () => {
    const project = await admin.api.get(`/api/v1/projects/${projectId}`);
    expect(project.body).toMatchObject({
      blindReview: false,
      secondOpinionRate: 0,
      rubric: DEFAULT_RUBRIC,
      rejectReasons: DEFAULT_REJECT_REASONS,
    });
    expect(DEFAULT_RUBRIC.map((c) => c.key)).toEqual(["helpfulness", "honesty", "harmlessness", "guidelines"]);
    expect(DEFAULT_RUBRIC.every((c) => c.levels.length === 5)).toBe(true);
  });

  it("takes them on create", async () => {
    const created = await admin.api.post("/api/v1/projects", {
      name: "Strict",
      guidelines: "# G",
      blindReview: true,
      secondOpinionRate: 0.25,
      rubric: [clarity],
      rejectReasons: ["Too long"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      blindReview: true,
      secondOpinionRate: 0.25,
      rubric: [clarity],
      rejectReasons: ["Too long"],
    });
  });

  it("changes them with PATCH, only those given, and records what changed", async () => {
    const patched = await admin.api.patch(`/api/v1/projects/${projectId}`, {
      blindReview: true,
      secondOpinionRate: 0.1,
      rubric: [clarity],
      rejectReasons: ["Too long", "Off topic"],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      blindReview: true,
      secondOpinionRate: 0.1,
      rubric: [clarity],
      rejectReasons: ["Too long", "Off topic"],
      responsesPerPrompt: 1,
    });
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "project.update", entityId: projectId },
      orderBy: { seq: "desc" },
    });
    expect(event).toMatchObject({
      actorId: admin.actor.id,
      before: { blindReview: false, secondOpinionRate: 0, rubric: null, rejectReasons: [] },
      after: { blindReview: true, secondOpinionRate: 0.1, rubric: [clarity], rejectReasons: ["Too long", "Off topic"] },
    });
    const unchanged = await admin.api.patch(`/api/v1/projects/${projectId}`, { blindReview: true });
    expect(unchanged.status).toBe(200);
    expect(await prisma.auditEvent.count({ where: { action: "project.update", entityId: projectId } })).toBe(1);
  });

  it("reviews with the project's own rubric and reasons", async () => {
    const [one, two] = await submitThroughApi(labeler, projectId, ["One.", "Two."]);
    const oldCriterion = await reviewer.api.post(`/api/v1/responses/${one!.id}/review`, {
      decision: "accept",
      scores: { helpfulness: 4 },
    });
    expect(oldCriterion.status).toBe(400);
    expect(
      (await reviewer.api.post(`/api/v1/responses/${one!.id}/review`, { decision: "accept", scores: { clarity: 4 } }))
        .status,
    ).toBe(200);
    const defaultReason = await reviewer.api.post(`/api/v1/responses/${two!.id}/review`, {
      decision: "reject",
      comment: "x",
      reason: "Incorrect",
    });
    expect(defaultReason.status).toBe(400);
    expect(defaultReason.body.error.details[0].message).toBe("Choose one of: Too long, Off topic");
    expect(
      (
        await reviewer.api.post(`/api/v1/responses/${two!.id}/review`, {
          decision: "reject",
          comment: "x",
          reason: "Off topic",
        })
      ).status,
    ).toBe(200);
  });

  it("goes back to the defaults with rubric null and no reasons", async () => {
    const reset = await admin.api.patch(`/api/v1/projects/${projectId}`, { rubric: null, rejectReasons: [] });
    expect(reset.body).toMatchObject({ rubric: DEFAULT_RUBRIC, rejectReasons: DEFAULT_REJECT_REASONS });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: projectId } })).rubric).toBeNull();
  });

  it("refuses settings out of range or malformed", async () => {
    const bad: object[] = [
      { secondOpinionRate: 1.5 },
      { secondOpinionRate: -0.1 },
      { blindReview: "yes" },
      { rubric: [] },
      { rubric: [{ ...clarity, levels: ["one", "two", "three", "four"] }] },
      { rubric: [clarity, clarity] },
      { rubric: [{ ...clarity, key: "Has Spaces" }] },
      { rubric: [{ ...clarity, extra: true }] },
      { rejectReasons: ["Same", "Same"] },
      { rejectReasons: [""] },
    ];
    for (const body of bad) {
      const res = await admin.api.patch(`/api/v1/projects/${projectId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await reviewer.api.patch(`/api/v1/projects/${projectId}`, { blindReview: false })).status).toBe(403);
  });
});
