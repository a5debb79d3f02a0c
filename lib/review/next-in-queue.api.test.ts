import { beforeAll, describe, expect, it } from "vitest";
import { nextInQueue } from "@/lib/review/responses";
import { createProjectWithPrompts, createTestUser, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { submitThroughApi } from "@/lib/testing/review-fixtures";

// Where the review screen goes after a response: the next one in the caller's queue, wrapping to the first.
describe("nextInQueue", () => {
  let reviewer: TestUser;
  let projectId: string;
  let ids: string[];

  beforeAll(async () => {
    const [admin, labeler] = await createTestUsers("admin", "labeler");
    reviewer = await createTestUser("reviewer");
    const project = await createProjectWithPrompts(admin.actor, [
      { prompt: "One?" },
      { prompt: "Two?" },
      { prompt: "Three?" },
    ]);
    projectId = project.id;
    ids = (await submitThroughApi(labeler, projectId, ["one", "two", "three"])).map((r) => r.id);
  });

  it("goes to the next response in submit order, and from the last back to the first", async () => {
    expect(await nextInQueue(reviewer.actor, projectId, ids[0]!, false)).toBe(ids[1]);
    expect(await nextInQueue(reviewer.actor, projectId, ids[2]!, false)).toBe(ids[0]);
    expect(await nextInQueue(reviewer.actor, projectId, null, false)).toBe(ids[0]);
  });

  it("skips what left the queue, and answers null when nothing else waits", async () => {
    expect((await reviewer.api.post(`/api/v1/responses/${ids[1]}/review`, { decision: "accept" })).status).toBe(200);
    expect(await nextInQueue(reviewer.actor, projectId, ids[0]!, false)).toBe(ids[2]);
    // The decided response is no longer in the queue: from it, the next one after it still comes.
    expect(await nextInQueue(reviewer.actor, projectId, ids[1]!, false)).toBe(ids[2]);
    expect((await reviewer.api.post(`/api/v1/responses/${ids[2]}/review`, { decision: "accept" })).status).toBe(200);
    expect(await nextInQueue(reviewer.actor, projectId, ids[0]!, false)).toBeNull();
    expect(await nextInQueue(reviewer.actor, projectId, null, true)).toBeNull();
  });
});
