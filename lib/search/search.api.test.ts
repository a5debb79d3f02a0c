import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { importPrompts } from "@/lib/import/import-prompts";
import { createProjectWithPrompts, createTestUsers, jsonl, uniq, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> **bold** & "quotes"`;

// Search: the prompts list (GET /projects/{id}/prompts), `q` on the responses list, and the prompt with
// everything (GET /prompts/{id}), as reviewers and admins use them and as labelers are refused them.
describe("search", () => {
  let admin: TestUser, reviewer: TestUser, second: TestUser, labeler: TestUser, other: TestUser;
  let projectId: string;
  let prefix: string;

  const ids = async (user: TestUser, query: string) => {
    const res = await user.api.get(`/api/v1/projects/${projectId}/prompts?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((p: { externalId: string }) => p.externalId);
  };

  beforeAll(async () => {
    [admin, reviewer, second, labeler, other] = await createTestUsers(
      "admin",
      "reviewer",
      "reviewer",
      "labeler",
      "labeler",
    );
    prefix = uniq("s");
    projectId = (
      await createProjectWithPrompts(
        admin.actor,
        [
          { id: `${prefix}-apple`, prompt: "How do I bake an apple pie with cinnamon?" },
          { id: `${prefix}-pear`, prompt: "Is a pear ripe when it is soft near the stem?" },
          { id: `${prefix}-hostile`, prompt: HOSTILE },
          {
            id: `${prefix}-chat`,
            messages: [
              { role: "system", content: "You are a gardener." },
              { role: "user", content: "When do I plant tulips?" },
              { role: "assistant", content: null },
            ],
          },
          { id: `${prefix}-0100`, prompt: "Tell me about zebras." },
          { id: `${prefix}-0101`, prompt: "Tell me about giraffes." },
        ],
        { responsesPerPrompt: 2 },
      )
    ).id;
  });

  it("finds prompts by words, whole phrases, external id (exact or its start) and id", async () => {
    expect(await ids(reviewer, "q=apple")).toEqual([`${prefix}-apple`]);
    expect(await ids(reviewer, "q=CINNAMON%20pie")).toEqual([`${prefix}-apple`]);
    expect(await ids(reviewer, "q=tell%20me")).toEqual([`${prefix}-0100`, `${prefix}-0101`]);
    expect(await ids(reviewer, `q=${encodeURIComponent('"about giraffes"')}`)).toEqual([`${prefix}-0101`]);
    expect(await ids(reviewer, "q=tell%20-zebras")).toEqual([`${prefix}-0101`]);
    // The system message and later turns are searched too.
    expect(await ids(reviewer, "q=gardener")).toEqual([`${prefix}-chat`]);
    expect(await ids(reviewer, "q=tulips")).toEqual([`${prefix}-chat`]);
    expect(await ids(reviewer, `q=${prefix}-pear`)).toEqual([`${prefix}-pear`]);
    expect(await ids(reviewer, `q=${prefix}-010`)).toEqual([`${prefix}-0100`, `${prefix}-0101`]);
    expect(await ids(reviewer, "q=nothing%20like%20this")).toEqual([]);
    // LIKE's wildcards are plain characters in a search.
    expect(await ids(reviewer, `q=${prefix}-0_0`)).toEqual([]);
    const pear = await prisma.prompt.findFirstOrThrow({ where: { externalId: `${prefix}-pear` } });
    expect(await ids(admin, `q=${pear.id}`)).toEqual([`${prefix}-pear`]);
    // Without q: every prompt in import order.
    expect(await ids(admin, "")).toHaveLength(6);
  });

  it("returns hostile text as the text it is, with the list's facts", async () => {
    const res = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts?q=${prefix}-hostile`);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        externalId: `${prefix}-hostile`,
        preview: HOSTILE,
        messageCount: 2,
        turns: 1,
        responseCount: 0,
        statusCounts: { submitted: 0, needs_revision: 0, accepted: 0, rejected: 0 },
      }),
    ]);
    expect(res.text).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    const chat = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts?q=${prefix}-chat`);
    expect(chat.body.items[0].preview).toBe("When do I plant tulips?");
  });

  it("pages with a cursor that prompts imported meanwhile do not shift", async () => {
    const first = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts?limit=4`);
    expect(first.body.items).toHaveLength(4);
    expect(first.body.nextCursor).toMatch(/^\d+$/);
    const local = uniq("late");
    await importPrompts(admin.actor, projectId, jsonl([{ id: local, prompt: "Imported between two pages." }]));
    const second = await reviewer.api.get(
      `/api/v1/projects/${projectId}/prompts?limit=4&cursor=${first.body.nextCursor}`,
    );
    const all = await ids(reviewer, "limit=200");
    expect([...first.body.items, ...second.body.items].map((p: { externalId: string }) => p.externalId)).toEqual(all);
    expect(all.at(-1)).toBe(local);
    expect(second.body.nextCursor).toBeNull();
    // A search pages the same way.
    const page1 = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts?q=tell&limit=1`);
    const page2 = await reviewer.api.get(
      `/api/v1/projects/${projectId}/prompts?q=tell&limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect([page1.body.items[0].externalId, page2.body.items[0].externalId]).toEqual([
      `${prefix}-0100`,
      `${prefix}-0101`,
    ]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it("refuses what is not a known query parameter or value", async () => {
    for (const query of [
      "offset=10",
      "limit=0",
      "status=done",
      "cursor=abc",
      "since=yesterday",
      `q=${"x".repeat(201)}`,
    ]) {
      const res = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
    }
  });

  describe("with responses, reviews and rankings", () => {
    let apple: { id: string; promptId: string }, appleOther: { id: string };

    beforeAll(async () => {
      // The labelers answer in import order: apple, pear, hostile (each twice).
      const fromLabeler = await submitThroughApi(labeler, projectId, [
        "Core the apples, add cinnamon, bake for forty minutes.",
        "A ripe pear yields to gentle pressure.",
      ]);
      const fromOther = await submitThroughApi(other, projectId, ["Use Bramley apples and a lattice crust."]);
      apple = fromLabeler[0]!;
      appleOther = fromOther[0]!;
      expect(fromOther[0]!.promptId).toBe(apple.promptId);
      await reviewer.api.post(`/api/v1/responses/${apple.id}/review`, {
        decision: "accept",
        scores: { helpfulness: 5 },
      });
      await reviewer.api.post(`/api/v1/responses/${appleOther.id}/review`, {
        decision: "revise",
        comment: "Say how long to bake it.",
      });
      const ranked = await reviewer.api.post(`/api/v1/prompts/${apple.promptId}/ranking`, {
        responseIds: [apple.id, appleOther.id],
      });
      expect(ranked.status, JSON.stringify(ranked.body)).toBeLessThan(300);
    });

    it("filters prompts by what their responses are", async () => {
      expect(await ids(reviewer, "status=accepted")).toEqual([`${prefix}-apple`]);
      expect(await ids(reviewer, "status=needs_revision")).toEqual([`${prefix}-apple`]);
      expect(await ids(reviewer, "status=submitted")).toEqual([`${prefix}-pear`]);
      expect(await ids(reviewer, "status=unanswered&q=tell")).toEqual([`${prefix}-0100`, `${prefix}-0101`]);
      const listed = await reviewer.api.get(`/api/v1/projects/${projectId}/prompts?q=${prefix}-apple`);
      expect(listed.body.items[0]).toMatchObject({
        responseCount: 2,
        statusCounts: { submitted: 0, needs_revision: 1, accepted: 1, rejected: 0 },
      });
    });

    it("filters prompts by the date they were imported", async () => {
      await prisma.prompt.updateMany({
        where: { projectId, externalId: `${prefix}-pear` },
        data: { createdAt: new Date("2026-01-15T12:00:00Z") },
      });
      expect(await ids(reviewer, "until=2026-02-01")).toEqual([`${prefix}-pear`]);
      expect(await ids(reviewer, "since=2026-01-01&until=2026-01-16")).toEqual([`${prefix}-pear`]);
      expect(await ids(reviewer, "since=2026-02-01&q=pear")).toEqual([]);
    });

    it("finds responses by words of their text and by their prompt's external id", async () => {
      const found = async (q: string) => {
        const res = await second.api.get(
          `/api/v1/projects/${projectId}/responses?status=all&q=${encodeURIComponent(q)}`,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.items.map((r: { id: string }) => r.id);
      };
      expect(await found("bramley")).toEqual([appleOther.id]);
      expect(await found("apples")).toEqual([apple.id, appleOther.id]);
      expect(await found(`${prefix}-apple`)).toEqual([apple.id, appleOther.id]);
      expect(await found(apple.id)).toEqual([apple.id]);
      expect(await found("giraffes")).toEqual([]);
    });

    it("shows a prompt with every response, revision, review and ranking", async () => {
      const res = await admin.api.get(`/api/v1/prompts/${apple.promptId}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        id: apple.promptId,
        externalId: `${prefix}-apple`,
        messages: [
          { role: "user", content: "How do I bake an apple pie with cinnamon?" },
          { role: "assistant", content: null },
        ],
        turns: 1,
        project: { id: projectId },
      });
      expect(res.body.responses.map((r: { id: string }) => r.id)).toEqual([apple.id, appleOther.id]);
      const [first, later] = res.body.responses;
      expect(first).toMatchObject({
        status: "accepted",
        content: "Core the apples, add cinnamon, bake for forty minutes.",
      });
      expect(first.revisions).toHaveLength(1);
      expect(first.reviews).toEqual([expect.objectContaining({ decision: "accept", scores: { helpfulness: 5 } })]);
      expect(later.reviews).toEqual([
        expect.objectContaining({ decision: "revise", comment: "Say how long to bake it." }),
      ]);
      expect(first).not.toHaveProperty("conversation");
      expect(res.body.rankings).toEqual([
        expect.objectContaining({
          reviewer: { id: reviewer.actor.id, name: reviewer.actor.name },
          responseIds: [apple.id, appleOther.id],
          ranks: [1, 2],
          mine: false,
        }),
      ]);
    });

    it("shows a reviewer the others' rankings only once they have ranked the prompt", async () => {
      const before = await second.api.get(`/api/v1/prompts/${apple.promptId}`);
      expect(before.status).toBe(200);
      expect(before.body.responses).toHaveLength(2);
      expect(before.body.rankings).toEqual([]);
      await second.api.post(`/api/v1/prompts/${apple.promptId}/ranking`, { responseIds: [appleOther.id, apple.id] });
      const after = await second.api.get(`/api/v1/prompts/${apple.promptId}`);
      expect(after.body.rankings.map((r: { mine: boolean }) => r.mine)).toEqual([false, true]);
    });

    it("refuses labelers, hides other projects' prompts and unknown ids", async () => {
      expect((await labeler.api.get(`/api/v1/prompts/${apple.promptId}`)).status).toBe(403);
      expect((await labeler.api.get(`/api/v1/projects/${projectId}/prompts?q=apple`)).status).toBe(403);
      expect((await reviewer.api.get(`/api/v1/prompts/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await reviewer.api.get(`/api/v1/prompts/not-an-id`)).status).toBe(404);
      const hidden = await createProjectWithPrompts(admin.actor, [{ id: uniq("h"), prompt: "Members only apple." }], {
        access: "members",
      });
      const hiddenPrompt = await prisma.prompt.findFirstOrThrow({ where: { projectId: hidden.id } });
      expect((await reviewer.api.get(`/api/v1/projects/${hidden.id}/prompts?q=apple`)).status).toBe(404);
      expect((await reviewer.api.get(`/api/v1/prompts/${hiddenPrompt.id}`)).status).toBe(404);
      expect((await admin.api.get(`/api/v1/prompts/${hiddenPrompt.id}`)).status).toBe(200);
    });
  });
});
