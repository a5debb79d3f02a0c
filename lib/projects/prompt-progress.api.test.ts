import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { insertPrompt, insertResponse } from "@/lib/testing/export-fixtures";
import { listProjectStats, projectStats } from "@/lib/projects/project-stats";

const ONE_SLOT = [
  { role: "user" as const, content: "Question?" },
  { role: "assistant" as const, content: null },
];

// One definition of "done" (docs/glossary.md): the project list, the project page and analytics
// (the stats API) count the same prompts as done, in review and remaining.
describe("when a prompt is done", () => {
  let admin: TestUser, labeler: TestUser, other: TestUser;
  let projectId: string;

  beforeAll(async () => {
    [admin, labeler, other] = await createTestUsers("admin", "labeler", "labeler");
    projectId = (await createTestProject(admin.actor, { responsesPerPrompt: 2 })).id;
    const prompt = async (statuses: Array<"accepted" | "rejected" | "submitted" | "needs_revision">) => {
      const id = await insertPrompt(projectId, ONE_SLOT);
      for (const [i, status] of statuses.entries()) {
        const authorId = [labeler, other][i]!.actor.id;
        await insertResponse({ projectId, promptId: id, authorId, turns: ["An answer."], status });
      }
    };
    await prompt(["accepted", "rejected"]); // both places written and decided: done
    await prompt(["accepted", "accepted"]); // done
    await prompt(["accepted", "submitted"]); // a response awaits a decision: in review
    await prompt(["needs_revision", "rejected"]); // with its author for a revision: in review
    await prompt(["accepted"]); // one place still to be written: remaining, though what it has is accepted
    await prompt([]); // remaining
  });

  it("is every place written and every response decided, on the list, the project page and analytics alike", async () => {
    const expected = { prompts: 6, done: 2, inReview: 2, remaining: 2 };
    const analytics = await admin.api.get(`/api/v1/projects/${projectId}/stats`);
    expect(analytics.status).toBe(200);
    expect(analytics.body.progress).toMatchObject(expected);

    const listed = (await listProjectStats(admin.actor)).get(projectId);
    const page = await projectStats(admin.actor, projectId);
    for (const stats of [listed, page]) {
      expect(stats).toMatchObject({ prompts: 6, promptsDone: expected.done, promptsInReview: expected.inReview });
    }
  });
});
