import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { pseudonym } from "@/lib/users/pseudonym";
import { splitOf } from "@/lib/export/split";
import { exportLines, insertPrompt, insertResponse, insertReview } from "@/lib/testing/export-fixtures";
import { createTestProject, createTestUser, type TestUser } from "@/lib/testing/factories";
import { GET } from "@/app/api/v1/projects/[id]/export/route";

/** Six responses, one per prompt, each turn naming its response so a line says which row it is. */
type Seeded = { id: string; promptId: string };

describe("export filters", () => {
  let admin: TestUser;
  let projectId: string;
  let labelers: [TestUser, TestUser];
  const r: Record<string, Seeded> = {};
  const names = async (query: string) =>
    (await exportLines(admin, projectId, query)).map((l) => JSON.parse(l).messages.at(-1).content);

  beforeAll(async () => {
    let reviewer: TestUser, second: TestUser;
    [admin, reviewer, second, ...labelers] = (await Promise.all(
      ["admin", "reviewer", "reviewer", "labeler", "labeler"].map((role) => createTestUser(role as "admin")),
    )) as [TestUser, TestUser, TestUser, TestUser, TestUser];
    projectId = (await createTestProject(admin.actor)).id;
    const rows = [
      { name: "r1", status: "accepted", day: "2026-01-10", version: 1, author: 0 },
      { name: "r2", status: "accepted", day: "2026-02-10", version: 2, author: 1 },
      { name: "r3", status: "submitted", day: "2026-03-10", version: 2, author: 0 },
      { name: "r4", status: "rejected", day: "2026-04-10", version: 1, author: 1 },
      { name: "r5", status: "accepted", day: "2026-05-10", version: 2, author: 0 },
      { name: "r6", status: "needs_revision", day: "2026-06-10", version: 1, author: 1 },
    ] as const;
    for (const row of rows) {
      const promptId = await insertPrompt(
        projectId,
        [
          { role: "user", content: `q ${row.name}` },
          { role: "assistant", content: null },
        ],
        {
          externalId: `ext-${row.name}`,
          metadata: { topic: row.name, nested: { ok: true } },
        },
      );
      const id = await insertResponse({
        projectId,
        promptId,
        authorId: labelers[row.author].actor.id,
        turns: [row.name],
        status: row.status,
        submittedAt: new Date(`${row.day}T12:00:00Z`),
        guidelinesVersion: row.version,
        tokenCount: 11,
      });
      r[row.name] = { id, promptId };
    }
    const at = (day: string) => new Date(`${day}T13:00:00Z`);
    const rid = reviewer.actor.id;
    await insertReview({
      responseId: r.r1!.id,
      reviewerId: rid,
      decision: "accept",
      scores: { accuracy: 5, tone: 4 },
      createdAt: at("2026-01-10"),
    });
    await insertReview({
      responseId: r.r2!.id,
      reviewerId: rid,
      decision: "accept",
      scores: { accuracy: 3, tone: 3 },
      createdAt: at("2026-02-10"),
    });
    // A later second opinion does not count: the score is the first opinion's.
    await insertReview({
      responseId: r.r2!.id,
      reviewerId: second.actor.id,
      decision: "accept",
      scores: { accuracy: 5, tone: 5 },
      secondOpinion: true,
      createdAt: at("2026-02-11"),
    });
    await insertReview({
      responseId: r.r4!.id,
      reviewerId: rid,
      decision: "reject",
      scores: { accuracy: 1 },
      createdAt: at("2026-04-10"),
    });
    // The latest review counts: r5 was revised from 1 to 5.
    await insertReview({
      responseId: r.r5!.id,
      reviewerId: rid,
      decision: "revise",
      scores: { accuracy: 1 },
      createdAt: at("2026-05-10"),
    });
    await insertReview({
      responseId: r.r5!.id,
      reviewerId: rid,
      decision: "accept",
      scores: { accuracy: 5 },
      createdAt: at("2026-05-12"),
    });
  });

  it("status: accepted by default, submitted, or all", async () => {
    expect(await names("")).toEqual(["r1", "r2", "r5"]);
    expect(await names("status=accepted")).toEqual(["r1", "r2", "r5"]);
    expect(await names("status=submitted")).toEqual(["r3"]);
    expect(await names("status=all")).toEqual(["r1", "r2", "r3", "r4", "r5", "r6"]);
  });

  it("since (inclusive) and until (exclusive) on the submit time, as dates or date-times with offset", async () => {
    expect(await names("status=all&since=2026-03-10")).toEqual(["r3", "r4", "r5", "r6"]);
    expect(await names("status=all&since=2026-03-10T12:00:00.001Z")).toEqual(["r4", "r5", "r6"]);
    expect(await names("status=all&since=2026-03-10T12:00:00Z")).toEqual(["r3", "r4", "r5", "r6"]);
    expect(await names("status=all&until=2026-02-10T12:00:00Z")).toEqual(["r1"]);
    expect(
      await names(`status=all&since=${encodeURIComponent("2026-02-10T13:00:00+01:00")}&until=2026-05-10T12:00:00.001Z`),
    ).toEqual(["r2", "r3", "r4", "r5"]);
    expect(await names("since=2026-02-01&until=2026-06-01")).toEqual(["r2", "r5"]);
  });

  it("guidelinesVersion, labeler", async () => {
    expect(await names("status=all&guidelinesVersion=2")).toEqual(["r2", "r3", "r5"]);
    expect(await names("guidelinesVersion=1")).toEqual(["r1"]);
    expect(await names("guidelinesVersion=3")).toEqual([]);
    expect(await names(`labeler=${labelers[0].actor.id}`)).toEqual(["r1", "r5"]);
    expect(await names(`status=all&labeler=${labelers[1].actor.id.toUpperCase()}`)).toEqual(["r2", "r4", "r6"]);
  });

  it("minScore: the mean rubric score of the latest review that is not a second opinion", async () => {
    expect(await names("minScore=4.5")).toEqual(["r1", "r5"]);
    expect(await names("minScore=3")).toEqual(["r1", "r2", "r5"]);
    expect(await names("minScore=5")).toEqual(["r5"]);
    expect(await names("status=all&minScore=1")).toEqual(["r1", "r2", "r4", "r5"]);
  });

  it("limit and after: a resumable export in pages", async () => {
    expect(await names("limit=2")).toEqual(["r1", "r2"]);
    expect(await names(`after=${r.r1!.id}`)).toEqual(["r2", "r5"]);
    expect(await names(`after=${r.r2!.id}&limit=1`)).toEqual(["r5"]);
    // `after` may name a response the filters leave out: rows strictly after it in export order.
    expect(await names(`after=${r.r3!.id}`)).toEqual(["r5"]);
    const pages: string[] = [];
    let after = "";
    for (;;) {
      const page = (await exportLines(admin, projectId, `status=all&include=metadata&limit=4${after}`)).map((l) =>
        JSON.parse(l),
      );
      if (page.length === 0) break;
      pages.push(...page.map((l) => l.messages.at(-1).content));
      after = `&after=${page.at(-1).metadata.responseId}`;
    }
    expect(pages).toEqual(["r1", "r2", "r3", "r4", "r5", "r6"]);
  });

  it("include=metadata: ids, the prompt's metadata, version, pseudonym, review, tokens, times", async () => {
    const [first] = (await exportLines(admin, projectId, "include=metadata&limit=1")).map((l) => JSON.parse(l));
    expect(Object.keys(first)).toEqual(["messages", "metadata"]);
    expect(first.metadata).toEqual({
      promptId: r.r1!.promptId,
      responseId: r.r1!.id,
      externalId: "ext-r1",
      promptMetadata: { topic: "r1", nested: { ok: true } },
      guidelinesVersion: 1,
      labeler: pseudonym(labelers[0].actor.id),
      status: "accepted",
      review: { decision: "accept", scores: { accuracy: 5, tone: 4 }, meanScore: 4.5 },
      tokenCount: 11,
      activeMs: null,
      submittedAt: "2026-01-10T12:00:00.000Z",
      reviewedAt: "2026-01-10T13:00:00.000Z",
      suggestions: [],
      specialTokens: [],
    });
    const unreviewed = (await exportLines(admin, projectId, "status=submitted&include=metadata")).map((l) =>
      JSON.parse(l),
    );
    expect(unreviewed[0].metadata).toMatchObject({ responseId: r.r3!.id, review: null, reviewedAt: null });
    expect(JSON.stringify(unreviewed)).not.toContain(labelers[0].actor.id);
  });

  it("split: train and validation are disjoint, complete, and follow the prompt id's hash", async () => {
    const side = async (query: string) =>
      (await exportLines(admin, projectId, `status=all&include=metadata&${query}`)).map(
        (l) => JSON.parse(l).metadata.promptId as string,
      );
    for (const fraction of ["0.3", "0.5", "0.7"]) {
      const train = await side(`split=train&validationFraction=${fraction}`);
      const validation = await side(`split=validation&validationFraction=${fraction}`);
      expect(train.filter((id) => validation.includes(id))).toEqual([]);
      expect([...train, ...validation].sort()).toEqual(
        Object.values(r)
          .map((x) => x.promptId)
          .sort(),
      );
      for (const id of validation) expect(splitOf(id, Number(fraction))).toBe("validation");
      for (const id of train) expect(splitOf(id, Number(fraction))).toBe("train");
    }
    const defaultFraction = await side("split=validation");
    expect(defaultFraction).toEqual(
      Object.values(r)
        .map((x) => x.promptId)
        .filter((id) => splitOf(id, 0.05) === "validation"),
    );
  });

  it("answers uncompressed even when gzip is asked for (Next drops a route's Content-Encoding)", async () => {
    const url = `http://exemplar.test/api/v1/projects/${projectId}/export?status=all&format=sharegpt`;
    const res = await GET(
      new Request(url, { headers: { authorization: `Bearer ${admin.token}`, "accept-encoding": "gzip" } }),
      {
        params: Promise.resolve({ id: projectId }),
      },
    );
    expect(res.headers.get("content-encoding")).toBeNull();
    expect((await res.text()).startsWith('{"conversations": ')).toBe(true);
  });

  it.each([
    "format=csv",
    "status=rejected",
    "since=yesterday",
    "since=2026-13-01",
    "since=2026-01-01T10:00:00",
    "since=2026-02-01&until=2026-01-01",
    "guidelinesVersion=0",
    "guidelinesVersion=1.5",
    "guidelinesVersion=%201",
    "labeler=bob",
    "minScore=6",
    "minScore=abc",
    "minScore=",
    "limit=0",
    "limit=10000001",
    "limit=1e3",
    "after=xyz",
    "after=00000000-0000-4000-8000-000000000000",
    "include=everything",
    "split=test",
    "split=train&validationFraction=1",
    "split=train&validationFraction=0",
    "validationFraction=0.1",
    "status=all&status=accepted",
    "unknown=1",
  ])("answers %s with a 400 before streaming anything", async (query) => {
    const res = await admin.api.get(`/api/v1/projects/${projectId}/export?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body.error).toMatchObject({ code: "validation_error", message: expect.any(String) });
    expect(res.body.error.details.length).toBeGreaterThan(0);
    // No snapshot left open: every pooled connection is back and idle.
    expect(pool().idleCount).toBe(pool().totalCount);
  });

  it("names an `after` from another project a 400 too", async () => {
    const other = await createTestProject(admin.actor);
    const res = await admin.api.get(`/api/v1/projects/${other.id}/export?after=${r.r1!.id}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toEqual(["after"]);
  });

  it("is for admins only, and 404 for an unknown project", async () => {
    expect((await labelers[0].api.get(`/api/v1/projects/${projectId}/export`)).status).toBe(403);
    expect((await admin.api.get(`/api/v1/projects/no-such-project/export`)).status).toBe(404);
  });
});
