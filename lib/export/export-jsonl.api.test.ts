import { beforeAll, describe, expect, it } from "vitest";
import { pool, prisma } from "@/lib/db";
import { GET } from "@/app/api/v1/projects/[id]/export/route";
import { checkOpenAiExample } from "@/lib/export/validate-openai";
import { createProjectWithPrompts, createTestProject, createTestUsers, type TestUser } from "@/lib/testing/factories";

const TRICKY = [
  "Grüße 日本語 🧪 e\u0301 \u202Eright-to-left\u202C zero\u200Bwidth",
  "line\u2028separator and paragraph\u2029separator",
  "```js\nconst html = '<b onclick=\"x()\">hi</b>';\n```\n\ttabs   and trailing spaces   ",
  '<img src=x onerror=alert(1)> [link](javascript:alert(1)) &amp; "quotes" \\ backslash',
];

describe("GET /api/v1/projects/{id}/export", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser;
  beforeAll(async () => {
    [admin, reviewer, labeler] = await createTestUsers("admin", "reviewer", "labeler");
  });

  it("gives back every prompt message byte for byte, with the written turns, in OpenAI's format", async () => {
    const project = await createProjectWithPrompts(admin.actor, [
      {
        id: "tricky",
        messages: [
          { role: "system", content: TRICKY[0] },
          { role: "user", content: TRICKY[1] },
          { role: "assistant", content: TRICKY[2] },
          { role: "user", content: TRICKY[3] },
        ],
      },
    ]);
    const task = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    const answer = "Answer with \u2028 and <script>alert(1)</script> and 🧪";
    const response = (await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: answer })).body;
    await reviewer.api.post(`/api/v1/responses/${response.id}/review`, { decision: "accept" });

    const res = await admin.api.get(`/api/v1/projects/${project.id}/export`);
    const lines = res.text.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
    const example = JSON.parse(lines[0]!);
    expect(checkOpenAiExample(example)).toEqual([]);
    expect(example).toEqual({
      messages: [
        { role: "system", content: TRICKY[0] },
        { role: "user", content: TRICKY[1] },
        { role: "assistant", content: TRICKY[2] },
        { role: "user", content: TRICKY[3] },
        { role: "assistant", content: answer },
      ],
    });
  });

  it("exports only accepted responses by default, and submitted or all on request", async () => {
    const project = await createProjectWithPrompts(admin.actor, [
      { prompt: "one" },
      { prompt: "two" },
      { prompt: "three" },
    ]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const task = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
      ids.push((await labeler.api.post(`/api/v1/tasks/${task.id}/submit`, { content: `answer ${i}` })).body.id);
    }
    await reviewer.api.post(`/api/v1/responses/${ids[0]}/review`, { decision: "accept" });
    await reviewer.api.post(`/api/v1/responses/${ids[1]}/review`, {
      decision: "reject",
      comment: "No.",
      reason: "Incorrect",
    });
    const count = async (query: string) =>
      (await admin.api.get(`/api/v1/projects/${project.id}/export${query}`)).text.split("\n").filter(Boolean).length;
    expect(await count("")).toBe(1);
    expect(await count("?status=accepted")).toBe(1);
    expect(await count("?status=submitted")).toBe(1);
    expect(await count("?status=all")).toBe(3);
  });

  it("streams thousands of rows in submit order, through binary COPY and through the cursor, and frees the connection on a hang-up", async () => {
    const project = await createTestProject(admin.actor);
    const ROWS = 2500;
    // Seed straight into the tables: this test is about the stream, not the claim path.
    await prisma.$executeRaw`
      WITH p AS (
        INSERT INTO prompts (project_id, external_id, messages, slot_count, taken)
        SELECT ${project.id}::uuid, 'row-' || i,
               jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'question ' || i || repeat(' lorem ipsum', 20)),
                                 jsonb_build_object('role', 'assistant', 'content', null)), 1, 1
          FROM generate_series(1, ${ROWS}) AS i
        RETURNING id, external_id
      ), t AS (
        INSERT INTO tasks (project_id, prompt_id, user_id, status, expires_at)
        SELECT ${project.id}::uuid, p.id, ${labeler.actor.id}::uuid, 'submitted', now() FROM p
        RETURNING id, prompt_id
      )
      INSERT INTO responses (task_id, project_id, prompt_id, author_id, status, turns, token_count)
      SELECT t.id, ${project.id}::uuid, t.prompt_id, ${labeler.actor.id}::uuid, 'accepted',
             jsonb_build_array('answer ' || substr(p.external_id, 5)), 3
        FROM t JOIN p ON p.id = t.prompt_id
       ORDER BY substr(p.external_id, 5)::int`;
    // The default format goes through binary COPY; sharegpt through the cursor (many 100-row batches).
    const expected = Array.from({ length: ROWS }, (_, i) => `answer ${i + 1}`);
    const copied = await admin.api.get(`/api/v1/projects/${project.id}/export`);
    expect(copied.status).toBe(200);
    const lines = copied.text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.messages[1].content)).toEqual(expected);
    expect(lines.every((l) => checkOpenAiExample(l).length === 0)).toBe(true);
    const cursored = await admin.api.get(`/api/v1/projects/${project.id}/export?format=sharegpt`);
    expect(
      cursored.text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).conversations[1].value),
    ).toEqual(expected);

    // A client that hangs up mid-stream ends the snapshot and frees its connection, on either path.
    for (const query of ["", "?format=sharegpt"]) {
      const response = await GET(
        new Request(`http://exemplar.test/api/v1/projects/${project.id}/export${query}`, {
          headers: { authorization: `Bearer ${admin.token}` },
        }),
        { params: Promise.resolve({ id: project.id }) },
      );
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      expect(pool().idleCount).toBeLessThan(pool().totalCount);
      await reader.cancel();
      await expect.poll(() => pool().idleCount === pool().totalCount, { timeout: 5_000 }).toBe(true);
    }
  });
});
