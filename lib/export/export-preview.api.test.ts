import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createTestProject, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { exportLines, insertPrompt, insertRanking, insertResponse } from "@/lib/testing/export-fixtures";
import type { PromptMessage } from "@/lib/conversation/types";
import { COUNT_LIMIT } from "@/lib/bounded-count";

const ONE_SLOT: PromptMessage[] = [
  { role: "user", content: "Which plan fits five people?" },
  { role: "assistant", content: null },
];
const TWO_SLOTS: PromptMessage[] = [
  { role: "user", content: "Hi" },
  { role: "assistant", content: null },
  { role: "user", content: "And then?" },
  { role: "assistant", content: null },
];

// The export screen's count and first lines come from GET …/export/preview: the same parameters as
// the export, the same lines it would write, and words instead of silence when there are none.
describe("the export preview", () => {
  let admin: TestUser, labeler: TestUser, reviewer: TestUser;
  let projectId: string;
  const preview = async (query = "", user = admin) => {
    const res = await user.api.get(`/api/v1/projects/${projectId}/export/preview${query ? `?${query}` : ""}`);
    expect(res.status, res.text).toBe(200);
    return res.body as {
      count: number;
      lines: string[];
      filename: string;
      empty: { code: string; message: string } | null;
    };
  };

  beforeAll(async () => {
    [admin, labeler, reviewer] = await createTestUsers("admin", "labeler", "reviewer");
    projectId = (await createTestProject(admin.actor, { responsesPerPrompt: 2 })).id;
    for (let i = 0; i < 4; i++) {
      const promptId = await insertPrompt(projectId, ONE_SLOT, { externalId: `p${i}` });
      const status = i === 3 ? "submitted" : "accepted";
      await insertResponse({ projectId, promptId, authorId: labeler.actor.id, turns: [`Answer ${i}`], status });
    }
  });

  it("counts and shows exactly the lines the export writes, for the defaults and for other formats", async () => {
    for (const query of ["", "status=all", "format=sharegpt&include=metadata", "format=chatml&status=all&limit=2"]) {
      const exported = await exportLines(admin, projectId, query);
      const shown = await preview(query);
      expect(shown.count, query).toBe(exported.length);
      expect(shown.lines, query).toEqual(exported.slice(0, 3));
      expect(shown.empty).toBeNull();
    }
    expect((await preview()).count).toBe(3);
    expect((await preview("status=all")).count).toBe(4);
    expect((await preview("format=sharegpt&split=train")).filename).toMatch(
      /-sharegpt-accepted-train-\d{4}-\d\d-\d\d\.jsonl$/,
    );
  });

  it("is not recorded as an export, while the download is", async () => {
    const before = await prisma.auditEvent.count({ where: { projectId, action: "export.run" } });
    await preview("status=all");
    expect(await prisma.auditEvent.count({ where: { projectId, action: "export.run" } })).toBe(before);
  });

  it("refuses what the export refuses, with the same error", async () => {
    for (const query of ["format=jsonl", "since=2026-02-01&until=2026-01-01", "validationFraction=0.1", "page=2"]) {
      const [a, b] = await Promise.all([
        admin.api.get(`/api/v1/projects/${projectId}/export/preview?${query}`),
        admin.api.get(`/api/v1/projects/${projectId}/export?${query}`),
      ]);
      expect(a.status, query).toBe(400);
      expect(a.body, query).toEqual(b.body);
    }
  });

  it("shows only the first lines: no paging with `after`, so the unaudited preview cannot read the whole export", async () => {
    const first = JSON.parse((await preview("status=all")).lines[0]!) as { metadata?: { responseId?: string } };
    const anyId = first.metadata?.responseId ?? "00000000-0000-4000-8000-000000000000";
    const res = await admin.api.get(`/api/v1/projects/${projectId}/export/preview?status=all&after=${anyId}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
  });

  it("says why there are no accepted responses yet", async () => {
    const empty = await preview("labeler=00000000-0000-4000-8000-000000000000");
    expect(empty).toMatchObject({ count: 0, lines: [], empty: { code: "no_match" } });
    expect(empty.empty?.message).toMatch(/accepts them/);
  });

  it("explains an empty preference export by what is missing, and counts the pairs once there are", async () => {
    const reason = async (id: string) => {
      const res = await admin.api.get(`/api/v1/projects/${id}/export/preview?format=preference`);
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(0);
      return res.body.empty.code as string;
    };
    const single = (await createTestProject(admin.actor, { responsesPerPrompt: 1 })).id;
    await insertPrompt(single, ONE_SLOT);
    expect(await reason(single)).toBe("one_response_per_prompt");
    const multi = (await createTestProject(admin.actor, { responsesPerPrompt: 2 })).id;
    await insertPrompt(multi, TWO_SLOTS);
    expect(await reason(multi)).toBe("no_single_slot_prompts");
    expect(await reason(projectId)).toBe("no_votes");

    // A reviewer ranks two responses to one prompt: one pair.
    const promptId = await insertPrompt(projectId, ONE_SLOT, { externalId: "ranked" });
    const better = await insertResponse({ projectId, promptId, authorId: labeler.actor.id, turns: ["Team."] });
    const worse = await insertResponse({ projectId, promptId, authorId: reviewer.actor.id, turns: ["Free."] });
    await insertRanking(promptId, reviewer.actor.id, [better, worse]);
    const pairs = await preview("format=preference");
    expect(pairs).toMatchObject({ count: 1, empty: null });
    expect(pairs.lines).toEqual(await exportLines(admin, projectId, "format=preference"));
    expect(JSON.parse(pairs.lines[0]!)).toMatchObject({
      chosen: [{ content: "Team." }],
      rejected: [{ content: "Free." }],
    });
    // Votes exist, but a filter leaves no chosen response: said so.
    expect((await preview("format=preference&status=submitted")).empty?.code).toBe("ties_or_filters");
  });
  // A preview must cost the same on any project (docs/performance.md, "Scale"): without filters it reads the
  // status counts the writes keep, exact; with one it counts the export's rows only up to COUNT_LIMIT.
  it("counts an export without filters exactly, and a filtered one up to 1,000 (then says at least)", async () => {
    const big = (await createTestProject(admin.actor, { responsesPerPrompt: 1 })).id;
    const [other] = await createTestUsers("labeler");
    // COUNT_LIMIT + 1 accepted responses of one labeler, written in one statement each (the triggers keep the
    // counts as for any write), and one of another labeler.
    await prisma.$executeRaw`
      INSERT INTO prompts (project_id, external_id, messages, slot_count, taken)
      SELECT ${big}::uuid, 'bulk-' || i, ${JSON.stringify(ONE_SLOT)}::jsonb, 1, 1 FROM generate_series(1, ${COUNT_LIMIT + 2}::int) i`;
    await prisma.$executeRaw`
      INSERT INTO tasks (project_id, prompt_id, user_id, status, expires_at)
      SELECT p.project_id, p.id, CASE WHEN p.seq = max(p.seq) OVER () THEN ${other!.actor.id}::uuid ELSE ${labeler.actor.id}::uuid END,
             'submitted', now()
        FROM prompts p WHERE p.project_id = ${big}::uuid`;
    await prisma.$executeRaw`
      INSERT INTO responses (task_id, project_id, prompt_id, author_id, status, turns, token_count)
      SELECT t.id, t.project_id, t.prompt_id, t.user_id, 'accepted', '["Fine."]'::jsonb, 2
        FROM tasks t WHERE t.project_id = ${big}::uuid`;
    const previewOf = async (query: string) => {
      const res = await admin.api.get(`/api/v1/projects/${big}/export/preview${query ? `?${query}` : ""}`);
      expect(res.status, res.text).toBe(200);
      return res.body as { count: number; countAtLeast: boolean; lines: string[] };
    };
    expect(await previewOf("")).toMatchObject({ count: COUNT_LIMIT + 2, countAtLeast: false });
    expect(await previewOf("status=all&limit=1500")).toMatchObject({ count: COUNT_LIMIT + 2, countAtLeast: false });
    expect(await previewOf("limit=7")).toMatchObject({ count: 7, countAtLeast: false });
    expect(await previewOf("status=submitted")).toMatchObject({ count: 0, countAtLeast: false });
    const many = await previewOf(`labeler=${labeler.actor.id}`);
    expect(many).toMatchObject({ count: COUNT_LIMIT, countAtLeast: true });
    expect(many.lines).toHaveLength(3);
    expect(await previewOf(`labeler=${labeler.actor.id}&limit=${COUNT_LIMIT}`)).toMatchObject({
      count: COUNT_LIMIT,
      countAtLeast: false,
    });
    expect(await previewOf(`labeler=${other!.actor.id}`)).toMatchObject({ count: 1, countAtLeast: false });
  });
});
