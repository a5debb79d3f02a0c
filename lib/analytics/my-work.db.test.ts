import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { countWaiting, listMyWork, MyWorkQuery } from "@/lib/analytics/my-work";
import { parseQueryValues } from "@/lib/query-params";
import { seedHandComputedExample, type Example } from "@/lib/testing/hand-computed-example";
import { createTestProject } from "@/lib/testing/factories";
import { pseudonym } from "@/lib/users/pseudonym";

describe("My work", () => {
  let ex: Example;
  let blind: { x: string; y: string };

  beforeAll(async () => {
    ex = await seedHandComputedExample();
    // A blind-review project where L1 has two responses submitted at the very same instant.
    const project = await createTestProject(ex.admin.actor, { blindReview: true });
    const same = new Date("2026-03-01T00:00:00.000Z");
    const make = async (externalId: string) => {
      const prompt = await prisma.prompt.create({
        data: {
          projectId: project.id,
          externalId,
          messages: [
            { role: "user", content: "Q" },
            { role: "assistant", content: null },
          ],
          slotCount: 1,
        },
      });
      const task = await prisma.task.create({
        data: {
          projectId: project.id,
          promptId: prompt.id,
          userId: ex.l1.actor.id,
          status: "submitted",
          expiresAt: same,
        },
      });
      const response = await prisma.response.create({
        data: {
          taskId: task.id,
          projectId: project.id,
          promptId: prompt.id,
          authorId: ex.l1.actor.id,
          status: "rejected",
          turns: ["t"],
          tokenCount: 1,
          submittedAt: same,
          revisions: { create: { number: 1, turns: ["t"], authorId: ex.l1.actor.id } },
        },
      });
      await prisma.review.create({
        data: {
          responseId: response.id,
          reviewerId: ex.r1.actor.id,
          decision: "reject",
          reason: "Unhelpful",
          comment: "No.",
          scores: { honesty: 1 },
        },
      });
      return response.id;
    };
    blind = { x: await make("x"), y: await make("y") };
  });

  it("lists only the caller's responses, newest first, with scores and the deciding reviews", async () => {
    const { items, nextCursor } = await listMyWork(ex.l1.actor);
    expect(nextCursor).toBeNull();
    const tied = [blind.x, blind.y].sort().reverse();
    expect(items.map((i) => i.id)).toEqual([ex.responses.E, ex.responses.C, ex.responses.A, ...tied]);
    const e = items[0]!;
    expect(e).toMatchObject({
      status: "accepted",
      externalId: "p3",
      revision: 2,
      submittedAt: new Date("2026-03-03T10:00:00.000Z"),
      // The latest primary review's scores (R2's accept), in rubric order with the rubric's labels.
      scores: [
        { key: "helpfulness", label: "Helpfulness", score: 4 },
        { key: "honesty", label: "Honesty", score: 4 },
      ],
    });
    // R3's second opinion on E is not among them; reviewers appear as pseudonyms, as everywhere an
    // author meets them (docs/review.md, "Blind review"), though this project is not blind.
    expect(e.reviews.map((r) => [r.decision, r.reviewer, r.revision])).toEqual([
      ["revise", pseudonym(ex.r1.actor.id), 1],
      ["accept", pseudonym(ex.r2.actor.id), 2],
    ]);
    // The comment is handed over as the reviewer typed it; the page renders it as markdown, never HTML.
    expect(e.reviews[0]!.comment).toBe("Add a comma, **please**.\n\n<img src=x onerror=alert(1)>");
    expect(items[1]!.reviews.map((r) => r.decision)).toEqual(["edit"]);

    // Each card says which prompt it answered and how the caller's own text starts: C's final text is
    // R2's edit ("abXd"), but the card quotes what L1 wrote and says a reviewer changed it.
    expect(e).toMatchObject({ prompt: "Question p3?", excerpt: "hello, world", editedByReviewer: false });
    expect(items[1]).toMatchObject({ prompt: "Question p2?", excerpt: "abcd", editedByReviewer: true });

    // L2's F, sent back by R1, is pinned apart and not repeated among the rest.
    const others = await listMyWork(ex.l2.actor);
    expect(others.sentBack.map((i) => [i.id, i.status])).toEqual([[ex.responses.F, "needs_revision"]]);
    expect(others.sentBack[0]!.reviews.at(-1)).toMatchObject({
      decision: "revise",
      reviewer: pseudonym(ex.r1.actor.id),
    });
    expect(others.items.map((i) => i.id).sort()).toEqual([ex.responses.B, ex.responses.D, ex.responses.G].sort());
    expect(await listMyWork(ex.r3.actor)).toEqual({ sentBack: [], items: [], nextCursor: null });
  });

  it("counts what waits for the caller: work sent back to them", async () => {
    expect(await countWaiting(ex.l2.actor)).toEqual({ sentBack: 1, skippedDrafts: 0 });
    expect(await countWaiting(ex.l1.actor)).toEqual({ sentBack: 0, skippedDrafts: 0 });
  });

  it("reads a page, the work sent back included, in one statement, and what waits in two", async () => {
    // The page is opened after about one submit in ten; every round trip is paid on each view.
    const sent = vi.spyOn(pg.Client.prototype, "query");
    try {
      const page = await listMyWork(ex.l2.actor);
      expect(page.sentBack).toHaveLength(1);
      expect(page.items.length).toBeGreaterThan(0);
      expect(sent).toHaveBeenCalledTimes(1);
      sent.mockClear();
      await countWaiting(ex.l2.actor);
      expect(sent).toHaveBeenCalledTimes(2);
    } finally {
      sent.mockRestore();
    }
  });

  it("shows reviewers as pseudonyms in a blind project too", async () => {
    const { items } = await listMyWork(ex.l1.actor);
    const x = items.find((i) => i.id === blind.x)!;
    expect(x.reviews).toEqual([
      expect.objectContaining({
        decision: "reject",
        reason: "Unhelpful",
        comment: "No.",
        reviewer: pseudonym(ex.r1.actor.id),
      }),
    ]);
    expect(x.scores).toEqual([{ key: "honesty", label: "Honesty", score: 1 }]);
  });

  it("pages by keyset without repeating or skipping, even on tied submit times", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listMyWork(ex.l1.actor, parseQueryValues(MyWorkQuery, { cursor, limit: 1 }));
      seen.push(...result.items.map((i) => i.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const all = (await listMyWork(ex.l1.actor)).items.map((i) => i.id);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(5);
  });

  it("leaves the scores out where the project does not show labelers their scores", async () => {
    const projectId = (await prisma.response.findUniqueOrThrow({ where: { id: blind.x } })).projectId;
    await prisma.project.update({ where: { id: projectId }, data: { labelersSeeScores: false } });
    const x = (await listMyWork(ex.l1.actor)).items.find((i) => i.id === blind.x)!;
    expect(x.scores).toEqual([]);
    // The decision, reason and comment still reach the author.
    expect(x.reviews).toEqual([expect.objectContaining({ decision: "reject", reason: "Unhelpful", comment: "No." })]);
    await prisma.project.update({ where: { id: projectId }, data: { labelersSeeScores: true } });
  });

  it("refuses a cursor it did not make (the page parses its query with MyWorkQuery before asking)", async () => {
    expect(() => parseQueryValues(MyWorkQuery, { cursor: "2026-03-01_' OR 1=1" })).toThrow(
      expect.objectContaining({ code: "validation_error" }),
    );
    expect(() => parseQueryValues(MyWorkQuery, { limit: 0 })).toThrow(
      expect.objectContaining({ code: "validation_error" }),
    );
  });
});
