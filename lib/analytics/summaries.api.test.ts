import { beforeAll, describe, expect, it } from "vitest";
import { pool, prisma } from "@/lib/db";
import { projectAnalytics } from "@/lib/analytics/project-analytics";
import type { ProjectAnalytics } from "@/lib/analytics/types";
import { turnsEditDistance } from "@/lib/review/edit-distance";
import { listProjectStats, projectStats } from "@/lib/projects/project-stats";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";

// The analytics summaries (decision 021) are kept by triggers in the transaction of every write. After each
// kind of write, alone, concurrent and in a random mix, they must equal what exemplar_rebuild_analytics
// computes from the base tables, and the analytics they give must not change when rebuilt.

type Rows = Array<Record<string, unknown>>;

/** Every summary of a project, in a canonical form: rows that add nothing and the shards left out. */
async function summaries(projectId: string): Promise<Record<string, Rows>> {
  const q = async (text: string) => (await pool().query(text, [projectId])).rows as Rows;
  return {
    labelers: await q(`SELECT user_id, responses, submitted, accepted, rejected, needs_revision, revised,
                              round(edit_distance_sum::numeric, 12)::text AS distance, edited_by_reviewer
                         FROM analytics_labelers WHERE project_id = $1
                          AND (responses, submitted, accepted, rejected, needs_revision, revised, edited_by_reviewer)
                              <> (0, 0, 0, 0, 0, 0, 0)
                        ORDER BY user_id`),
    reviewers: await q(`SELECT user_id, accept, reject, revise, edit, second_opinions FROM analytics_reviewers
                         WHERE project_id = $1 AND (accept, reject, revise, edit, second_opinions) <> (0, 0, 0, 0, 0)
                         ORDER BY user_id`),
    days: await q(`SELECT day::text, user_id, submitted, accepted, rejected, revise FROM analytics_days
                    WHERE project_id = $1 AND (submitted, accepted, rejected, revise) <> (0, 0, 0, 0)
                    ORDER BY day, user_id`),
    medians: await q(`SELECT user_id, metric, bucket, n, (SELECT array_agg(v ORDER BY v) FROM unnest(vals) v) AS vals
                        FROM analytics_medians WHERE project_id = $1 AND n <> 0 ORDER BY user_id, metric, bucket`),
    scores: await q(`SELECT user_id, criterion, trim_scale(total)::text AS total, n FROM analytics_scores
                      WHERE project_id = $1 AND n <> 0 ORDER BY user_id, criterion`),
    reviewPairs: await q(`SELECT * FROM analytics_review_pairs WHERE project_id = $1 ORDER BY second_review_id`),
    pairs: await q(`SELECT reviewer_a, reviewer_b, responses, both_accepted, a_accepted, b_accepted FROM analytics_pairs
                     WHERE project_id = $1 AND responses <> 0 ORDER BY reviewer_a, reviewer_b`),
    pairScores: await q(`SELECT reviewer_a, reviewer_b, criterion, seen, trim_scale(difference_total)::text AS total, n
                           FROM analytics_pair_scores WHERE project_id = $1 AND (seen <> 0 OR n <> 0)
                          ORDER BY reviewer_a, reviewer_b, criterion`),
    prompts: await q(`SELECT prompt_id, responses, undecided, accepted FROM analytics_prompts
                       WHERE project_id = $1 AND responses <> 0 ORDER BY prompt_id`),
    promptStates: await q(`SELECT responses, undecided, accepted, sum(prompts)::bigint AS prompts
                             FROM analytics_prompt_states WHERE project_id = $1
                            GROUP BY responses, undecided, accepted HAVING sum(prompts) <> 0
                            ORDER BY responses, undecided, accepted`),
  };
}

/** The analytics without what differs between two reads of the same data (the time, float sums' last bits). */
function comparable(stats: ProjectAnalytics) {
  return {
    ...stats,
    generatedAt: undefined,
    labelers: stats.labelers.map((l) => ({
      ...l,
      meanEditDistance: l.meanEditDistance === null ? null : Number(l.meanEditDistance.toFixed(12)),
    })),
  };
}

/** The kept summaries and the analytics they give equal a rebuild from the base tables. */
async function expectSameAsRebuilt(admin: TestUser, projectId: string) {
  const kept = await summaries(projectId);
  const keptStats = comparable(await projectAnalytics(admin.actor, projectId));
  await pool().query("SELECT exemplar_rebuild_analytics($1)", [projectId]);
  expect(kept).toEqual(await summaries(projectId));
  expect(keptStats).toEqual(comparable(await projectAnalytics(admin.actor, projectId)));
  return keptStats;
}

const storedDistance = (responseId: string) =>
  prisma.response.findUniqueOrThrow({
    where: { id: responseId },
    select: { editDistance: true, reviewerEdited: true, revision: true },
  });

async function claimAndSubmit(labeler: TestUser, projectId: string, content: string) {
  const task = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
  expect(task.status).toBe(200);
  const submitted = await labeler.api.post(`/api/v1/tasks/${task.body.id}/submit`, {
    content,
    activeMs: 1000 + content.length * 37,
  });
  expect([200, 201]).toContain(submitted.status);
  return { taskId: task.body.id as string, responseId: submitted.body.id as string };
}

const scores = (h: number, o: number) => ({ helpfulness: h, honesty: o });

/** A review's body: a rejection names one of the project's reasons, and it and a revise say why. */
const review = (decision: string, rest: object = {}) => ({
  decision,
  ...(decision === "reject" ? { comment: "Wrong.", reason: "Incorrect" } : {}),
  ...(decision === "revise" ? { comment: "Say more." } : {}),
  ...rest,
});

describe("analytics summaries through every kind of write", () => {
  let admin: TestUser, l1: TestUser, l2: TestUser, l3: TestUser, r1: TestUser, r2: TestUser;
  let projectId: string;
  const ids: Record<string, { taskId: string; responseId: string }> = {};

  beforeAll(async () => {
    [admin, l1, l2, l3, r1, r2] = await createTestUsers(
      "admin",
      "labeler",
      "labeler",
      "labeler",
      "reviewer",
      "reviewer",
    );
    projectId = (
      await createProjectWithPrompts(
        admin.actor,
        ["p1", "p2", "p3", "p4", "p5", "p6"].map((id) => ({ id, prompt: `Question ${id}?` })),
        { responsesPerPrompt: 2, secondOpinionRate: 1, access: "members" },
      )
    ).id;
    for (const [user, role] of [
      [l1, "labeler"],
      [l2, "labeler"],
      [l3, "labeler"],
      [r1, "reviewer"],
      [r2, "reviewer"],
    ] as const) {
      const added = await admin.api.post(`/api/v1/projects/${projectId}/members`, {
        email: `${user.actor.name}@example.test`,
        role,
      });
      expect(added.status).toBe(201);
    }
  });

  it("submits, a skip and a lapsed lease", async () => {
    ids.a = await claimAndSubmit(l1, projectId, "The first answer, plain.");
    ids.b = await claimAndSubmit(l2, projectId, "Another answer to the first.");
    ids.c = await claimAndSubmit(l1, projectId, "abcd");
    const skipped = (await l3.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    expect((await l3.api.post(`/api/v1/tasks/${skipped.id}/skip`, { reason: "unsure" })).status).toBe(200);
    const lapsed = (await l3.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    await prisma.task.update({ where: { id: lapsed.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    ids.d = await claimAndSubmit(l2, projectId, "hello world");
    ids.e = await claimAndSubmit(l3, projectId, "A third labeler writes this.");
    const stats = await expectSameAsRebuilt(admin, projectId);
    expect(stats.progress.responses).toEqual({ submitted: 5, accepted: 0, rejected: 0, needs_revision: 0 });
    expect(stats.labelers.map((l) => l.submitted).sort()).toEqual([1, 2, 2]);
  });

  it("review decisions and second opinions, with scores and durations", async () => {
    const decide = (who: TestUser, id: string, body: object) =>
      who.api.post(`/api/v1/responses/${id}/review`, {
        scores: scores(4, 5),
        durationMs: 20_000,
        ...review((body as { decision: string }).decision, body),
      });
    expect((await decide(r1, ids.a!.responseId, { decision: "accept" })).status).toBe(200);
    expect((await decide(r2, ids.a!.responseId, { decision: "reject", scores: scores(2, 5) })).status).toBe(200);
    expect(
      (await decide(r2, ids.b!.responseId, { decision: "reject", scores: scores(1, 2), durationMs: 61_000 })).status,
    ).toBe(200);
    expect((await decide(r1, ids.b!.responseId, { decision: "reject", scores: scores(3, 2) })).status).toBe(200);
    const stats = await expectSameAsRebuilt(admin, projectId);
    expect(stats.agreement).toHaveLength(1);
    expect(stats.agreement[0]!.responses).toBe(2);
    expect(stats.reviewers.find((r) => r.id === r1.actor.id)).toMatchObject({ decisions: 1, secondOpinions: 1 });
  });

  it("a revise, the author's resubmit and a reviewer's edit store the edit distance from revision 1", async () => {
    const c = ids.c!;
    expect(
      (await r1.api.post(`/api/v1/responses/${c.responseId}/review`, { decision: "revise", comment: "Fix it" })).status,
    ).toBe(200);
    expect((await l1.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id).toBe(c.taskId);
    expect((await l1.api.post(`/api/v1/tasks/${c.taskId}/submit`, { content: "abXd" })).status).toBe(201);
    expect(await storedDistance(c.responseId)).toEqual({
      editDistance: turnsEditDistance(["abcd"], ["abXd"]),
      reviewerEdited: false,
      revision: 2,
    });
    await expectSameAsRebuilt(admin, projectId);

    const edited = await r2.api.post(`/api/v1/responses/${c.responseId}/review`, {
      decision: "edit",
      editedTurns: ["abXdef"],
      scores: scores(3, 4),
    });
    expect(edited.status).toBe(200);
    expect(await storedDistance(c.responseId)).toEqual({
      editDistance: turnsEditDistance(["abcd"], ["abXdef"]),
      reviewerEdited: true,
      revision: 3,
    });
    const stats = await expectSameAsRebuilt(admin, projectId);
    const mine = stats.labelers.find((l) => l.id === l1.actor.id)!;
    expect(mine).toMatchObject({ accepted: 2, revised: 1, editedByReviewer: 1 });
    expect(mine.meanEditDistance).toBeCloseTo(turnsEditDistance(["abcd"], ["abXdef"]) / 2, 12);
  });

  it("the undo of an edit and of a decision puts the distance and the counts back", async () => {
    const d = ids.d!;
    const edited = await r1.api.post(`/api/v1/responses/${d.responseId}/review`, {
      decision: "edit",
      editedTurns: ["hello, world"],
    });
    expect(edited.status).toBe(200);
    expect((await storedDistance(d.responseId)).editDistance).toBe(
      turnsEditDistance(["hello world"], ["hello, world"]),
    );
    expect((await r1.api.delete(`/api/v1/responses/${d.responseId}/review`)).status).toBe(200);
    expect(await storedDistance(d.responseId)).toEqual({ editDistance: null, reviewerEdited: false, revision: 1 });
    await expectSameAsRebuilt(admin, projectId);

    expect((await r2.api.post(`/api/v1/responses/${ids.e!.responseId}/review`, review("reject"))).status).toBe(200);
    expect((await r2.api.delete(`/api/v1/responses/${ids.e!.responseId}/review`)).status).toBe(200);
    const stats = await expectSameAsRebuilt(admin, projectId);
    expect(stats.progress.responses.submitted).toBe(2);
  });

  it("the author's edit while waiting, a ranking and a member's removal", async () => {
    const e = ids.e!;
    const revised = await l3.api.post(`/api/v1/responses/${e.responseId}/revisions`, {
      content: "A third labeler wrote this.",
    });
    expect(revised.status).toBe(201);
    expect(await storedDistance(e.responseId)).toEqual({
      editDistance: turnsEditDistance(["A third labeler writes this."], ["A third labeler wrote this."]),
      reviewerEdited: false,
      revision: 2,
    });
    expect((await r1.api.post(`/api/v1/responses/${e.responseId}/review`, { decision: "accept" })).status).toBe(200);

    const promptOfA = (await prisma.response.findUniqueOrThrow({ where: { id: ids.a!.responseId } })).promptId;
    const ranked = await r2.api.post(`/api/v1/prompts/${promptOfA}/ranking`, {
      responseIds: [ids.b!.responseId, ids.a!.responseId],
    });
    expect(ranked.status).toBe(201);
    // l3 holds a task when removed: it goes back to the pool, their response stays.
    await l3.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect((await admin.api.delete(`/api/v1/projects/${projectId}/members/${l3.actor.id}`)).status).toBe(200);
    const stats = await expectSameAsRebuilt(admin, projectId);
    expect(stats.labelers.find((l) => l.id === l3.actor.id)).toMatchObject({ submitted: 1, accepted: 1 });
  });

  it("the project list and the project's page count from the same summaries", async () => {
    const stats = await projectAnalytics(admin.actor, projectId);
    const page = await projectStats(admin.actor, projectId);
    expect(page).toMatchObject({
      prompts: stats.progress.prompts,
      promptsDone: stats.progress.done,
      promptsInReview: stats.progress.inReview,
      responses: stats.progress.responses,
    });
    expect((await listProjectStats(admin.actor)).get(projectId)).toEqual(page);
  });
});

describe("analytics summaries under concurrent writes", () => {
  it("equal a rebuild after 20 concurrent submits and then 20 concurrent reviews", async () => {
    const [admin, r1, r2, ...labelers] = await createTestUsers(
      "admin",
      "reviewer",
      "reviewer",
      ...Array.from({ length: 20 }, () => "labeler" as const),
    );
    const project = await createProjectWithPrompts(
      admin.actor,
      Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, prompt: `Concurrent ${i}?` })),
      { responsesPerPrompt: 2, secondOpinionRate: 0.5 },
    );
    const submitted = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claimAndSubmit(labelers[i]!, project.id, `answer ${i} ${"x".repeat(i)}`)),
    );
    let stats = await expectSameAsRebuilt(admin, project.id);
    // 20 responses, at most 2 a prompt: at least 8 of the 12 prompts are full.
    expect(stats.progress).toMatchObject({ prompts: 12, done: 0 });
    expect(stats.progress.inReview).toBeGreaterThanOrEqual(8);
    expect(stats.progress.inReview + stats.progress.remaining).toBe(12);
    expect(stats.progress.responses.submitted).toBe(20);

    const decisions = ["accept", "reject", "revise", "accept"] as const;
    const results = await Promise.all(
      submitted.map(({ responseId }, i) =>
        (i % 2 ? r1 : r2).api.post(
          `/api/v1/responses/${responseId}/review`,
          review(decisions[i % 4]!, { scores: scores((i % 5) + 1, ((i * 3) % 5) + 1), durationMs: 1000 * (i + 1) }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    // Second opinions on whatever was chosen, concurrently, by the other reviewer.
    const chosen = await prisma.response.findMany({
      where: { projectId: project.id, secondOpinion: true },
      select: { id: true, reviews: { select: { reviewerId: true } } },
    });
    await Promise.all(
      chosen.map((c, i) =>
        (c.reviews[0]!.reviewerId === r1.actor.id ? r2 : r1).api.post(
          `/api/v1/responses/${c.id}/review`,
          review(i % 2 ? "accept" : "reject", { scores: scores(3, 3) }),
        ),
      ),
    );
    stats = await expectSameAsRebuilt(admin, project.id);
    expect(stats.progress.responses).toEqual({ submitted: 0, accepted: 10, rejected: 5, needs_revision: 5 });
  }, 120_000);
});

describe("analytics summaries after a random mix of writes", () => {
  it("equal a rebuild", async () => {
    const [admin, r1, r2, ...labelers] = await createTestUsers(
      "admin",
      "reviewer",
      "reviewer",
      "labeler",
      "labeler",
      "labeler",
      "labeler",
    );
    const project = await createProjectWithPrompts(
      admin.actor,
      Array.from({ length: 15 }, (_, i) => ({ id: `m${i}`, prompt: `Mixed ${i}?` })),
      { responsesPerPrompt: 2, secondOpinionRate: 0.5 },
    );
    // A fixed pseudo-random sequence: the same mix on every run.
    let seed = 20261203;
    const next = (n: number) => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const done: string[] = [];
    const reviewers = [r1, r2];
    for (let step = 0; step < 45; step++) {
      const labeler = labelers[next(labelers.length)]!;
      const reviewer = reviewers[next(2)]!;
      const open = await prisma.response.findMany({
        where: { projectId: project.id, status: "submitted", authorId: { not: reviewer.actor.id } },
        select: { id: true },
        orderBy: { seq: "asc" },
      });
      const target = open.length ? open[next(open.length)]!.id : null;
      const action = next(7);
      done.push(String(action));
      switch (action) {
        case 0:
        case 1: {
          const task = await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`);
          if (task.status === 200) {
            await labeler.api.post(`/api/v1/tasks/${task.body.id}/submit`, {
              content: `${task.body.draft?.turns?.[0] ?? "text"} step ${step}`,
              activeMs: 500 * next(100),
            });
          }
          break;
        }
        case 2: {
          const task = await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`);
          if (task.status === 200 && !task.body.responseId)
            await labeler.api.post(`/api/v1/tasks/${task.body.id}/skip`, {});
          break;
        }
        case 3:
        case 4:
          if (target) {
            const decision = (["accept", "reject", "revise", "edit"] as const)[next(4)];
            await reviewer.api.post(
              `/api/v1/responses/${target}/review`,
              review(decision!, {
                ...(decision === "edit" ? { editedTurns: [`edited at ${step}`] } : {}),
                scores: scores(next(5) + 1, next(5) + 1),
                durationMs: next(3) ? 1000 * next(90) : undefined,
              }),
            );
          }
          break;
        case 5: {
          const second = await prisma.response.findFirst({
            where: { projectId: project.id, secondOpinion: true, reviews: { none: { secondOpinion: true } } },
            select: { id: true, reviews: { select: { reviewerId: true } } },
          });
          if (second) {
            const other = second.reviews.some((r) => r.reviewerId === r1.actor.id) ? r2 : r1;
            await other.api.post(
              `/api/v1/responses/${second.id}/review`,
              review(next(2) ? "accept" : "reject", { scores: { helpfulness: next(5) + 1 } }),
            );
          }
          break;
        }
        case 6: {
          const last = await prisma.review.findFirst({
            where: { response: { projectId: project.id } },
            orderBy: { createdAt: "desc" },
            select: { responseId: true, reviewerId: true },
          });
          const who = reviewers.find((r) => r.actor.id === last?.reviewerId);
          if (last && who) await who.api.delete(`/api/v1/responses/${last.responseId}/review`);
          break;
        }
      }
    }
    // The mix did write: responses, and reviews that stayed (undos take some back).
    expect(await prisma.response.count({ where: { projectId: project.id } }), done.join("")).toBeGreaterThan(5);
    expect(
      await prisma.review.count({ where: { response: { projectId: project.id } } }),
      done.join(""),
    ).toBeGreaterThan(0);
    await expectSameAsRebuilt(admin, project.id);
  }, 180_000);
});
