import type { Prisma } from "@/generated/prisma/client";
import type { ReviewDecision, ResponseStatus } from "@/generated/prisma/enums";
import { prisma } from "@/lib/db";
import { createTestProject, createTestUser, uniq, type TestUser } from "@/lib/testing/factories";

/**
 * A small project whose analytics were worked out by hand (the expected values live in
 * lib/analytics/project-analytics.db.test.ts). responsesPerPrompt = 2, default rubric; scores use only
 * helpfulness (h) and honesty (o). Times are UTC, March 2026.
 *
 * labelers Ada (L1) and a hostile name (L2); reviewers R1, R2, R3.
 *
 * resp prompt author submitted  active  tokens status          revisions              reviews (primary …; second opinion ⇒)
 * A    p1     L1     02 09:00   60 s    100    accepted        1                      R1 accept 02 12:00 h4 o5 30 s ⇒ R2 accept 03 08:00 h4 o5 20 s
 * B    p1     L2     02 10:00   120 s   50     rejected        1                      R1 reject 03 09:00 h2 o3 60 s ⇒ R2 reject 03 10:00 h3 o3 40 s
 * C    p2     L1     02 11:00   30 s    40     accepted        1 "abcd", 2 "abXd" R2  R2 edit 03 11:00 h3 o4 90 s ⇒ R1 reject 03 12:00 h2 10 s
 * D    p2     L2     03 09:00   —       80     submitted       1                      —
 * E    p3     L1     03 10:00   90 s    70     accepted        1 "hello world", 2 "hello, world" L1 (04 09:00)
 *                                                                                      R1 revise 03 15:00 h2 o3 50 s; R2 accept 05 09:00 h4 o4 25 s ⇒ R3 accept 05 10:00 h3 o4 (no time)
 * F    p3     L2     05 08:00   45 s    20     needs_revision  1                      R1 revise 05 11:00 (no scores) 40 s
 * G    p4     L2     05 09:30   75 s    60     accepted        1                      R2 accept 05 12:00 h5 o5 15 s ⇒ R1 accept 05 13:00 h4 o3 5 s
 * p5 has no response.
 */
export const HOSTILE_NAME = '=HYPERLINK("http://evil.example","Ben"), the second';

export type Example = {
  admin: TestUser;
  l1: TestUser;
  l2: TestUser;
  r1: TestUser;
  r2: TestUser;
  r3: TestUser;
  project: { id: string; slug: string };
  responses: Record<"A" | "B" | "C" | "D" | "E" | "F" | "G", string>;
};

const at = (day: number, time: string) => new Date(`2026-03-0${day}T${time}:00.000Z`);

export async function seedHandComputedExample(): Promise<Example> {
  const [admin, l1, l2, r1, r2, r3] = await Promise.all([
    createTestUser("admin"),
    createTestUser("labeler", uniq("ada")),
    createTestUser("labeler"),
    createTestUser("reviewer"),
    createTestUser("reviewer"),
    createTestUser("reviewer"),
  ]);
  await prisma.user.update({ where: { id: l2.actor.id }, data: { name: HOSTILE_NAME } });
  l2.actor.name = HOSTILE_NAME;
  const project = await createTestProject(admin.actor, { responsesPerPrompt: 2 });

  const prompts: Record<string, string> = {};
  for (const externalId of ["p1", "p2", "p3", "p4", "p5"]) {
    const prompt = await prisma.prompt.create({
      data: {
        projectId: project.id,
        externalId,
        messages: [
          { role: "user", content: `Question ${externalId}?` },
          { role: "assistant", content: null },
        ],
        slotCount: 1,
      },
      select: { id: true },
    });
    prompts[externalId] = prompt.id;
  }

  type Seed = {
    prompt: string;
    author: TestUser;
    submittedAt: Date;
    activeMs: number | null;
    tokens: number;
    status: ResponseStatus;
    revisions: Array<{ turns: string[]; author: TestUser; at: Date }>;
  };
  const respond = async (seed: Seed) => {
    const task = await prisma.task.create({
      data: {
        projectId: project.id,
        promptId: prompts[seed.prompt]!,
        userId: seed.author.actor.id,
        status: "submitted",
        claimedAt: seed.submittedAt,
        expiresAt: seed.submittedAt,
        finishedAt: seed.submittedAt,
      },
      select: { id: true },
    });
    const response = await prisma.response.create({
      data: {
        taskId: task.id,
        projectId: project.id,
        promptId: prompts[seed.prompt]!,
        authorId: seed.author.actor.id,
        status: seed.status,
        turns: seed.revisions.at(-1)!.turns,
        revision: seed.revisions.length,
        tokenCount: seed.tokens,
        activeMs: seed.activeMs,
        submittedAt: seed.submittedAt,
        revisions: {
          create: seed.revisions.map((r, i) => ({
            number: i + 1,
            turns: r.turns,
            authorId: r.author.actor.id,
            createdAt: r.at,
          })),
        },
      },
      select: { id: true },
    });
    return response.id;
  };
  const once = (author: TestUser, submittedAt: Date, text: string) => [{ turns: [text], author, at: submittedAt }];

  const A = await respond({
    prompt: "p1",
    author: l1,
    submittedAt: at(2, "09:00"),
    activeMs: 60_000,
    tokens: 100,
    status: "accepted",
    revisions: once(l1, at(2, "09:00"), "Answer A"),
  });
  const B = await respond({
    prompt: "p1",
    author: l2,
    submittedAt: at(2, "10:00"),
    activeMs: 120_000,
    tokens: 50,
    status: "rejected",
    revisions: once(l2, at(2, "10:00"), "Answer B"),
  });
  const C = await respond({
    prompt: "p2",
    author: l1,
    submittedAt: at(2, "11:00"),
    activeMs: 30_000,
    tokens: 40,
    status: "accepted",
    revisions: [
      { turns: ["abcd"], author: l1, at: at(2, "11:00") },
      { turns: ["abXd"], author: r2, at: at(3, "11:00") },
    ],
  });
  const D = await respond({
    prompt: "p2",
    author: l2,
    submittedAt: at(3, "09:00"),
    activeMs: null,
    tokens: 80,
    status: "submitted",
    revisions: once(l2, at(3, "09:00"), "Answer D"),
  });
  const E = await respond({
    prompt: "p3",
    author: l1,
    submittedAt: at(3, "10:00"),
    activeMs: 90_000,
    tokens: 70,
    status: "accepted",
    revisions: [
      { turns: ["hello world"], author: l1, at: at(3, "10:00") },
      { turns: ["hello, world"], author: l1, at: at(4, "09:00") },
    ],
  });
  const F = await respond({
    prompt: "p3",
    author: l2,
    submittedAt: at(5, "08:00"),
    activeMs: 45_000,
    tokens: 20,
    status: "needs_revision",
    revisions: once(l2, at(5, "08:00"), "Answer F"),
  });
  const G = await respond({
    prompt: "p4",
    author: l2,
    submittedAt: at(5, "09:30"),
    activeMs: 75_000,
    tokens: 60,
    status: "accepted",
    revisions: once(l2, at(5, "09:30"), "Answer G"),
  });

  const review = (
    responseId: string,
    reviewer: TestUser,
    decision: ReviewDecision,
    createdAt: Date,
    scores: Record<string, number> | null,
    durationMs: number | null,
    extra: { secondOpinion?: boolean; revision?: number; comment?: string; reason?: string } = {},
  ) =>
    prisma.review.create({
      data: {
        responseId,
        reviewerId: reviewer.actor.id,
        decision,
        createdAt,
        durationMs,
        ...(scores ? { scores: scores as Prisma.InputJsonObject } : {}),
        secondOpinion: extra.secondOpinion ?? false,
        revision: extra.revision ?? 1,
        comment: extra.comment ?? null,
        reason: extra.reason ?? null,
      },
    });
  await prisma.response.updateMany({ where: { id: { in: [A, B, C, E, G] } }, data: { secondOpinion: true } });
  const second = { secondOpinion: true };
  await review(A, r1, "accept", at(2, "12:00"), { helpfulness: 4, honesty: 5 }, 30_000, {
    comment: "Clear and complete.",
  });
  await review(A, r2, "accept", at(3, "08:00"), { helpfulness: 4, honesty: 5 }, 20_000, second);
  await review(B, r1, "reject", at(3, "09:00"), { helpfulness: 2, honesty: 3 }, 60_000, {
    reason: "Incorrect",
    comment: "Wrong year.",
  });
  await review(B, r2, "reject", at(3, "10:00"), { helpfulness: 3, honesty: 3 }, 40_000, second);
  await review(C, r2, "edit", at(3, "11:00"), { helpfulness: 3, honesty: 4 }, 90_000, { comment: "Fixed a typo." });
  await review(C, r1, "reject", at(3, "12:00"), { helpfulness: 2 }, 10_000, {
    ...second,
    comment: "I would have rejected this.",
  });
  await review(E, r1, "revise", at(3, "15:00"), { helpfulness: 2, honesty: 3 }, 50_000, {
    comment: "Add a comma, **please**.\n\n<img src=x onerror=alert(1)>",
  });
  await review(E, r2, "accept", at(5, "09:00"), { helpfulness: 4, honesty: 4 }, 25_000, { revision: 2 });
  await review(E, r3, "accept", at(5, "10:00"), { helpfulness: 3, honesty: 4 }, null, { ...second, revision: 2 });
  await review(F, r1, "revise", at(5, "11:00"), null, 40_000, { comment: "Shorter, please." });
  await review(G, r2, "accept", at(5, "12:00"), { helpfulness: 5, honesty: 5 }, 15_000);
  await review(G, r1, "accept", at(5, "13:00"), { helpfulness: 4, honesty: 3 }, 5_000, second);

  return {
    admin,
    l1,
    l2,
    r1,
    r2,
    r3,
    project: { id: project.id, slug: project.slug },
    responses: { A, B, C, D, E, F, G },
  };
}
