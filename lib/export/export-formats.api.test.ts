import { beforeAll, describe, expect, it } from "vitest";
import type { Message } from "@/lib/conversation/types";
import { toJson } from "@/lib/export/json";
import { LINE_CHECKERS } from "@/lib/export/formats";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/schemas";
import { errorCount, validateLines } from "@/lib/export/validate-file";
import { exportLines, insertPrompt, insertRanking, insertResponse } from "@/lib/testing/export-fixtures";
import {
  createProjectWithPrompts,
  createTestProject,
  createTestUser,
  createTestUsers,
  type TestUser,
} from "@/lib/testing/factories";

const SYSTEM = "Be brief. Grüße 🧪";
// Written through the API: a system prompt, two slots in one conversation, a written assistant turn.
const PROMPTS = [
  {
    id: "a",
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: "What is 日本語?" },
    ],
  },
  { id: "b", turns: ["Hi", "And then?"] },
  {
    id: "c",
    messages: [
      { role: "user", content: "2+2?" },
      { role: "assistant", content: "4" },
      { role: "user", content: 'Times 3? "quoted"\n\u2028' },
    ],
  },
];
const ANSWERS: Array<{ content: string } | { turns: string[] }> = [
  { content: '日本語 is Japanese. "Nihongo"\n🧪' },
  { turns: ["Hello!", "Then <b>this</b> \\ done."] },
  { content: "12" },
];
const CONVERSATIONS: Message[][] = [
  [
    { role: "system", content: SYSTEM },
    { role: "user", content: "What is 日本語?" },
    { role: "assistant", content: '日本語 is Japanese. "Nihongo"\n🧪' },
  ],
  [
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello!" },
    { role: "user", content: "And then?" },
    { role: "assistant", content: "Then <b>this</b> \\ done." },
  ],
  [
    { role: "user", content: "2+2?" },
    { role: "assistant", content: "4" },
    { role: "user", content: 'Times 3? "quoted"\n\u2028' },
    { role: "assistant", content: "12" },
  ],
];
const FROM = { system: "system", user: "human", assistant: "gpt" } as const;

/** Each line must pass its format's checker, and the whole file the validator the CLI runs. */
async function expectValid(format: ExportFormat, lines: string[]) {
  for (const line of lines) expect(LINE_CHECKERS[format](JSON.parse(line)).errors, line).toEqual([]);
  expect(errorCount(await validateLines(lines, { format }))).toBe(0);
}

describe("export formats", () => {
  let admin: TestUser;
  let projectId: string;
  beforeAll(async () => {
    let labeler: TestUser, reviewer: TestUser;
    [admin, labeler, reviewer] = await createTestUsers("admin", "labeler", "reviewer");
    projectId = (await createProjectWithPrompts(admin.actor, PROMPTS)).id;
    for (const answer of ANSWERS) {
      const task = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
      const response = await labeler.api.post(`/api/v1/tasks/${task.body.id}/submit`, answer);
      expect(response.status, response.text).toBe(201);
      expect(
        (await reviewer.api.post(`/api/v1/responses/${response.body.id}/review`, { decision: "accept" })).status,
      ).toBe(200);
    }
  });

  it("openai (the default): exactly the messages, one line per response in submit order", async () => {
    const lines = await exportLines(admin, projectId);
    expect(lines[0]).toBe(
      '{"messages": [{"role": "system", "content": "Be brief. Grüße 🧪"}, {"role": "user", "content": "What is 日本語?"}, ' +
        '{"role": "assistant", "content": "日本語 is Japanese. \\"Nihongo\\"\\n🧪"}]}',
    );
    expect(lines).toEqual(CONVERSATIONS.map((messages) => toJson({ messages })));
    expect(await exportLines(admin, projectId, "format=openai")).toEqual(lines);
    await expectValid("openai", lines);
  });

  it("sharegpt", async () => {
    const lines = await exportLines(admin, projectId, "format=sharegpt");
    expect(lines).toEqual(
      CONVERSATIONS.map((c) => toJson({ conversations: c.map((m) => ({ from: FROM[m.role], value: m.content })) })),
    );
    await expectValid("sharegpt", lines);
  });

  it("chatml", async () => {
    const lines = await exportLines(admin, projectId, "format=chatml");
    expect(lines[0]).toBe(
      '{"text": "<|im_start|>system\\nBe brief. Grüße 🧪<|im_end|>\\n<|im_start|>user\\nWhat is 日本語?<|im_end|>\\n' +
        '<|im_start|>assistant\\n日本語 is Japanese. \\"Nihongo\\"\\n🧪<|im_end|>\\n"}',
    );
    expect(lines).toEqual(
      CONVERSATIONS.map((c) =>
        toJson({ text: c.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") }),
      ),
    );
    await expectValid("chatml", lines);
  });

  it("prompt-completion: the prompt is everything before the last assistant turn", async () => {
    const lines = await exportLines(admin, projectId, "format=prompt-completion");
    expect(lines).toEqual(CONVERSATIONS.map((c) => toJson({ prompt: c.slice(0, -1), completion: c.slice(-1) })));
    await expectValid("prompt-completion", lines);
  });

  it("every format has the same number of lines and passes its validator with metadata too", async () => {
    for (const format of EXPORT_FORMATS.filter((f) => f !== "preference")) {
      const lines = await exportLines(admin, projectId, `format=${format}&include=metadata`);
      expect(lines, format).toHaveLength(3);
      await expectValid(format, lines);
    }
  });
});

describe("format=preference", () => {
  let admin: TestUser;
  let projectId: string;
  const ids: Record<string, string> = {};
  const prompt = [
    { role: "system", content: "S ✓" },
    { role: "user", content: "Which is best?" },
  ] as const;
  const pair = (chosen: string, rejected: string, messages: readonly unknown[] = prompt) =>
    toJson({
      prompt: messages,
      chosen: [{ role: "assistant", content: chosen }],
      rejected: [{ role: "assistant", content: rejected }],
    });

  beforeAll(async () => {
    admin = await createTestUser("admin");
    const labelers = await Promise.all([1, 2, 3].map(() => createTestUser("labeler")));
    const reviewers = await Promise.all([1, 2, 3].map(() => createTestUser("reviewer")));
    const [l1, l2, l3] = labelers.map((l) => l.actor.id) as [string, string, string];
    const [v1, v2, v3] = reviewers.map((r) => r.actor.id) as [string, string, string];
    projectId = (await createTestProject(admin.actor)).id;
    const write = (promptId: string, authorId: string, text: string, status: "accepted" | "rejected" | "submitted") =>
      insertResponse({ projectId, promptId, authorId, turns: [text], status });

    // P1: three reviewers; r2 beats r1 two votes to one; accepted r1 and r2 beat rejected r3.
    const p1 = await insertPrompt(projectId, [...prompt, { role: "assistant", content: null }]);
    ids.r1 = await write(p1, l1, 'r1 "one"', "accepted");
    ids.r2 = await write(p1, l2, "r2 🧪", "accepted");
    ids.r3 = await write(p1, l3, "r3", "rejected");
    await insertRanking(p1, v1, [ids.r2, ids.r1, ids.r3]);
    await insertRanking(p1, v2, [ids.r1, ids.r2, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]);
    await insertRanking(p1, v3, [ids.r2.toUpperCase(), ids.r1]);

    // P2: a tie between two reviewers is no pair.
    const p2 = await insertPrompt(projectId, [
      { role: "user", content: "Tie?" },
      { role: "assistant", content: null },
    ]);
    ids.s1 = await write(p2, l1, "s1", "accepted");
    ids.s2 = await write(p2, l2, "s2", "accepted");
    await insertRanking(p2, v1, [ids.s1, ids.s2]);
    await insertRanking(p2, v2, [ids.s2, ids.s1]);

    // P3: two slots, so the two answers follow different conversations: no pair.
    const p3 = await insertPrompt(projectId, [
      { role: "user", content: "a" },
      { role: "assistant", content: null },
      { role: "user", content: "b" },
      { role: "assistant", content: null },
    ]);
    const m1 = await insertResponse({ projectId, promptId: p3, authorId: l1, turns: ["x", "y"], status: "accepted" });
    const m2 = await insertResponse({ projectId, promptId: p3, authorId: l2, turns: ["z", "w"], status: "rejected" });
    await insertRanking(p3, v1, [m1, m2]);

    // P4: the better one is only submitted, so it is chosen only when status asks for submitted.
    const p4 = await insertPrompt(projectId, [
      { role: "user", content: "Pending?" },
      { role: "assistant", content: null },
    ]);
    ids.t1 = await write(p4, l1, "t1", "submitted");
    ids.t2 = await write(p4, l2, "t2", "rejected");
    await insertRanking(p4, v1, [ids.t1, ids.t2]);
  });

  it("pairs every better-than of the rankings and accepted over rejected, by majority, once each", async () => {
    const lines = await exportLines(admin, projectId, "format=preference");
    expect(lines).toEqual([pair('r1 "one"', "r3"), pair("r2 🧪", 'r1 "one"'), pair("r2 🧪", "r3")]);
    await expectValid("preference", lines);
  });

  it("applies the filters to the chosen response", async () => {
    const submitted = await exportLines(admin, projectId, "format=preference&status=submitted");
    expect(submitted).toEqual([pair("t1", "t2", [{ role: "user", content: "Pending?" }])]);
    expect(await exportLines(admin, projectId, "format=preference&status=all")).toHaveLength(4);
    expect(await exportLines(admin, projectId, "format=preference&limit=1")).toEqual([pair('r1 "one"', "r3")]);
  });

  it("says with include=metadata which responses were paired and by how many votes", async () => {
    const [, second] = (await exportLines(admin, projectId, "format=preference&include=metadata")).map((l) =>
      JSON.parse(l),
    );
    expect(second.metadata).toMatchObject({
      externalId: null,
      promptMetadata: {},
      chosen: {
        responseId: ids.r2,
        status: "accepted",
        review: null,
        labeler: expect.stringMatching(/^[a-z]+-[0-9a-f]{8}$/),
      },
      rejected: { responseId: ids.r1, status: "accepted" },
      votes: { chosen: 2, rejected: 1 },
      source: "ranking",
    });
    expect(LINE_CHECKERS.preference(second).errors).toEqual([]);
  });

  it("refuses after, which names a response, not a pair", async () => {
    const res = await admin.api.get(`/api/v1/projects/${projectId}/export?format=preference&after=${ids.r1}`);
    expect(res.status).toBe(400);
  });
});
