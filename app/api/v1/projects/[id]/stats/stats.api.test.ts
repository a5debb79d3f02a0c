import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "@/lib/testing/api-client";
import { seedHandComputedExample, type Example } from "@/lib/testing/hand-computed-example";

// GET /api/v1/projects/{id}/stats and /stats/{table}.csv: admins only, 404 for what does not exist.
// The numbers themselves are checked in lib/analytics/project-analytics.db.test.ts.
describe("the stats API", () => {
  let ex: Example;

  beforeAll(async () => {
    ex = await seedHandComputedExample();
  });

  it("answers 403 to labelers and reviewers, 401 without a token", async () => {
    for (const url of [
      `/api/v1/projects/${ex.project.id}/stats`,
      `/api/v1/projects/${ex.project.id}/stats/labelers.csv`,
    ]) {
      const labeler = await ex.l1.api.get(url);
      expect(labeler.status).toBe(403);
      expect(labeler.body.error.code).toBe("forbidden");
      expect((await ex.r1.api.get(url)).status).toBe(403);
      expect((await callApi("GET", url)).status).toBe(401);
    }
  });

  it("gives admins the analytics as JSON, by id or slug", async () => {
    const res = await ex.admin.api.get(`/api/v1/projects/${ex.project.slug}/stats`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body.project).toEqual({
      id: ex.project.id,
      slug: ex.project.slug,
      name: expect.any(String),
      responsesPerPrompt: 2,
    });
    expect(res.body.progress).toMatchObject({ prompts: 5, done: 1, inReview: 2, remaining: 2 });
    expect(res.body.daily).toHaveLength(4);
    expect(res.body.labelers).toHaveLength(2);
    expect(res.body.reviewers).toHaveLength(3);
    expect(res.body.agreement).toHaveLength(2);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "agreement",
        "criteria",
        "daily",
        "generatedAt",
        "labelers",
        "modelUse",
        "progress",
        "project",
        "reviewers",
      ].sort(),
    );
    expect((await ex.admin.api.get(`/api/v1/projects/${ex.project.id}/stats`)).body.progress).toEqual(
      res.body.progress,
    );
  });

  it("answers 404 for an unknown project or table", async () => {
    const unknownId = await ex.admin.api.get("/api/v1/projects/00000000-0000-0000-0000-000000000000/stats");
    expect(unknownId.status).toBe(404);
    expect(unknownId.body.error.code).toBe("not_found");
    expect((await ex.admin.api.get("/api/v1/projects/no-such-project/stats")).status).toBe(404);
    expect((await ex.admin.api.get("/api/v1/projects/no-such-project/stats/daily.csv")).status).toBe(404);
    expect((await ex.admin.api.get(`/api/v1/projects/${ex.project.id}/stats/users.csv`)).status).toBe(404);
    expect((await ex.admin.api.get(`/api/v1/projects/${ex.project.id}/stats/labelers.json`)).status).toBe(404);
  });

  it("downloads each table as a CSV file", async () => {
    for (const table of ["labelers", "reviewers", "agreement", "daily"]) {
      const res = await ex.admin.api.get(`/api/v1/projects/${ex.project.id}/stats/${table}.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get("content-disposition")).toMatch(
        new RegExp(`^attachment; filename="${ex.project.slug}-${table}-\\d{4}-\\d\\d-\\d\\d\\.csv"$`),
      );
      expect(res.text.endsWith("\r\n")).toBe(true);
    }
    const labelers = await ex.admin.api.get(`/api/v1/projects/${ex.project.id}/stats/labelers.csv`);
    // The hostile name arrives as text, not as a formula.
    expect(labelers.text).toContain(`"'=HYPERLINK(""http://evil.example"",""Ben""), the second"`);
    expect(labelers.text.split("\r\n").filter(Boolean)).toHaveLength(3);
  });
});
