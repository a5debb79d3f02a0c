import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithPrompts, createTestUser, uniq, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

// Per-labeler model use (docs/review.md "Metrics", decision 019) on a hand-made project: the numbers
// below are worked out by hand from the submits.
describe("per-labeler model use in the stats", () => {
  let admin: TestUser, ada: TestUser, ben: TestUser;
  let model: OpenAiCompatibleServer;
  let projectId: string;

  /** The labeler's next task, submitted as `text`, started from `draft` when one is given. */
  async function submit(who: TestUser, text: string, activeMs: number, draft?: string) {
    const taskId = (await who.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
    let suggestionId: string | undefined;
    if (draft !== undefined) {
      model.respondWith({ kind: "reply", content: draft });
      suggestionId = (await who.api.post(`/api/v1/tasks/${taskId}/suggestions`, {})).body.suggestions[0].id;
    }
    const res = await who.api.post(`/api/v1/tasks/${taskId}/submit`, { content: text, suggestionId, activeMs });
    expect(res.status, res.text).toBe(201);
  }

  beforeAll(async () => {
    admin = await createTestUser("admin");
    // Named so that they sort in this order, as the stats list labelers.
    ada = await createTestUser("labeler", uniq("ada"));
    ben = await createTestUser("labeler", uniq("ben"));
    model = await startOpenAiCompatibleServer();
    projectId = (
      await createProjectWithPrompts(
        admin.actor,
        Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, prompt: `Prompt ${i}` })),
      )
    ).id;
    const connect = await admin.api.put(`/api/v1/projects/${projectId}/assistant`, {
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      apiKey: "sk-model-use",
      timeoutSeconds: 2,
    });
    expect(connect.status, connect.text).toBe(200);

    // Ada: five responses, four from a draft. "kitten" is a token or two, so the rubber-stamp time is
    // just over 10 s (10 s + 100 ms per token).
    await submit(ada, "kitten", 1_000, "kitten"); // kept whole in 1 s: rubber-stamped
    await submit(ada, "sitting", 1_000, "kitten"); // 3 edits: 0.5 kept, fast but changed
    await submit(ada, "kittens", 1_000, "kitten"); // 1 edit: 5/6 kept, under 0.98
    await submit(ada, "kitten", 120_000, "kitten"); // kept whole, but two minutes on it
    await submit(ada, "All my own.", 1_000);
    // Ben: one response, his own words.
    await submit(ben, "Mine.", 5_000);
  });
  afterAll(() => model?.close());

  it("counts responses from a draft, their median share kept and the rubber-stamps", async () => {
    const res = await admin.api.get(`/api/v1/projects/${projectId}/stats`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.modelUse.rubberStamp).toEqual({ minShareKept: 0.98, baseMs: 10_000, msPerToken: 100 });
    expect(res.body.modelUse.labelers).toEqual([
      {
        id: ada.actor.id,
        name: ada.actor.name,
        submitted: 5,
        fromDraft: 4,
        fromDraftShare: 0.8,
        // Shares kept 1, 0.5, 5/6, 1: the median is the mean of the middle two, (5/6 + 1) / 2.
        medianShareKept: expect.closeTo((5 / 6 + 1) / 2, 10),
        rubberStamped: 1,
      },
      {
        id: ben.actor.id,
        name: ben.actor.name,
        submitted: 1,
        fromDraft: 0,
        fromDraftShare: 0,
        medianShareKept: null,
        rubberStamped: 0,
      },
    ]);
  });

  it("adds the same numbers to the labelers CSV", async () => {
    const res = await admin.api.get(`/api/v1/projects/${projectId}/stats/labelers.csv`);
    expect(res.status, res.text).toBe(200);
    const [header, ...rows] = res.text
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    const column = (row: string[], name: string) => row[header!.indexOf(name)];
    const byId = new Map(rows.map((r) => [r[0], r]));
    const adaRow = byId.get(ada.actor.id)!;
    expect(["from_draft", "from_draft_share", "rubber_stamped"].map((c) => column(adaRow, c))).toEqual([
      "4",
      "0.8",
      "1",
    ]);
    expect(Number(column(adaRow, "median_share_kept"))).toBeCloseTo((5 / 6 + 1) / 2, 10);
    const benRow = byId.get(ben.actor.id)!;
    expect(["from_draft", "median_share_kept", "rubber_stamped"].map((c) => column(benRow, c))).toEqual(["0", "", "0"]);
  });
});
