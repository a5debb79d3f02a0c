import { createHash, createHmac, hkdfSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { pseudonym } from "@/lib/users/pseudonym";
import { sampleSecondOpinion } from "@/lib/review/second-opinion";
import { createProjectWithPrompts, createTestProject, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { seedSubmittedResponses, submitThroughApi } from "@/lib/testing/review-fixtures";

// What anyone who knows an id could compute if pseudonyms and the second-opinion draw were plain hashes of ids
// (ids appear in URLs, API answers and exports).
const publicPseudonym = (userId: string) =>
  `anon-${createHash("sha256").update(`exemplar:${userId}`).digest("hex").slice(0, 8)}`;
const publicDraw = (responseId: string) =>
  createHash("sha256").update(`second-opinion:${responseId}`).digest().readUIntBE(0, 6) / 2 ** 48;

// What the server computes: HMAC-SHA256 under a key derived from NEXTAUTH_SECRET for blind review alone.
const key = () => Buffer.from(hkdfSync("sha256", process.env.NEXTAUTH_SECRET!, "", "exemplar blind-review-v1", 32));
const keyed = (message: string) => createHmac("sha256", key()).update(message).digest();

describe("blind review's keyed pseudonyms and second-opinion draw", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser;

  beforeAll(async () => {
    [admin, reviewer, labeler] = await createTestUsers("admin", "reviewer", "labeler");
  });

  it("names an author by a keyed hash of their id, which nobody without the server's secret can compute", async () => {
    const id = labeler.actor.id;
    expect(pseudonym(id)).toBe(`anon-${keyed(`pseudonym:${id}`).toString("hex").slice(0, 8)}`);
    expect(pseudonym(id)).not.toBe(publicPseudonym(id));

    const project = (await createProjectWithPrompts(admin.actor, [{ prompt: "Blind?" }], { blindReview: true })).id;
    const [response] = await submitThroughApi(labeler, project, ["An answer."]);
    const list = await reviewer.api.get(`/api/v1/projects/${project}/responses?status=all`);
    expect(list.body.items[0].author).toEqual({ id: null, name: pseudonym(id) });
    // The filter finds the author by the keyed pseudonym, and the id-derived guess finds nobody.
    const byPseudonym = await reviewer.api.get(
      `/api/v1/projects/${project}/responses?status=all&labeler=${pseudonym(id)}`,
    );
    expect(byPseudonym.body.items.map((r: { id: string }) => r.id)).toEqual([response!.id]);
    const byGuess = await reviewer.api.get(
      `/api/v1/projects/${project}/responses?status=all&labeler=${publicPseudonym(id)}`,
    );
    expect(byGuess).toMatchObject({ status: 200, body: { items: [] } });
  });

  it("chooses second opinions by a keyed draw, not one a labeler could compute from the response ids", async () => {
    const project = await createTestProject(admin.actor, { secondOpinionRate: 0.5 });
    const ids = await seedSubmittedResponses(project.id, labeler.actor.id, 64);
    for (let i = 0; i < ids.length; i += 8) {
      const results = await Promise.all(
        ids.slice(i, i + 8).map((id) => reviewer.api.post(`/api/v1/responses/${id}/review`, { decision: "accept" })),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    }
    const rows = await prisma.response.findMany({
      where: { id: { in: ids } },
      select: { id: true, secondOpinion: true },
    });
    const flagged = new Set(rows.filter((r) => r.secondOpinion).map((r) => r.id));
    expect(flagged).toEqual(
      new Set(ids.filter((id) => keyed(`second-opinion:${id}`).readUIntBE(0, 6) / 2 ** 48 < 0.5)),
    );
    expect(flagged).toEqual(new Set(ids.filter((id) => sampleSecondOpinion(id, 0.5))));
    // 64 independent fair coins agree with the id-only guess by chance with probability 2^-64.
    expect(flagged).not.toEqual(new Set(ids.filter((id) => publicDraw(id) < 0.5)));
  });
});
