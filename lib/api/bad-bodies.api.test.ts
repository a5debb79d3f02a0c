import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { MAX_JSON_BYTES } from "@/lib/api/body";
import { env } from "@/lib/env";
import { callApi } from "@/lib/testing/api-client";
import {
  createProjectWithPrompts,
  createTestProject,
  createTestUser,
  createTestUsers,
  uniq,
  type TestUser,
} from "@/lib/testing/factories";

/**
 * Hostile bodies (docs/security-authz.md) against the JSON endpoints and the JSONL prompt import: each gets a clear
 * error in the one error shape with the right status, or is accepted where it is legitimate, and a
 * refused body writes nothing (every table's row count, and the objects it aimed at, unchanged).
 */
type Body = string | Uint8Array | ReadableStream<Uint8Array>;

/** Calls the real route handler with raw bytes, as a client that sends anything would. */
async function send(method: string, url: string, token: string, body: Body, headers: Record<string, string> = {}) {
  const { status, body: json } = await callApi(method, url, { token, body, headers });
  return { status, body: json };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const INVALID_UTF8 = Uint8Array.from([0xc3, 0x28]); // a lead byte followed by a non-continuation byte
const BOM = Uint8Array.from([0xef, 0xbb, 0xbf]);
const TEN_MB = "a".repeat(10 * 1024 * 1024);
const deeplyNested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

/** A stream that never says how long it is: only counting while reading can stop it. */
function endless(chunk: Uint8Array, total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

/** Row counts of every table a body could write to. */
async function rowCounts() {
  const [row] = await prisma.$queryRaw<Array<Record<string, bigint>>>`
    SELECT (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM users) AS users,
           (SELECT count(*) FROM api_tokens) AS tokens, (SELECT count(*) FROM prompts) AS prompts,
           (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM responses) AS responses,
           (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM guidelines_versions) AS guidelines,
           (SELECT count(*) FROM audit_events) AS audit`;
  return row;
}

describe("bad bodies on the JSON endpoints", () => {
  let admin: TestUser, labeler: TestUser, reviewer: TestUser;
  let taskId: string, responseId: string, projectId: string;
  let targets: Array<{
    name: string;
    method: string;
    url: string;
    token: string;
    big: (text: string) => unknown;
    state: () => Promise<unknown>;
  }>;

  beforeAll(async () => {
    [admin, labeler, reviewer] = await createTestUsers("admin", "labeler", "reviewer");
    const project = await createProjectWithPrompts(admin.actor, [{ prompt: "one" }, { prompt: "two" }]);
    projectId = project.id;
    const first = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body;
    responseId = (await labeler.api.post(`/api/v1/tasks/${first.id}/submit`, { content: "An answer" })).body.id;
    taskId = (await labeler.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body.id;
    await labeler.api.put(`/api/v1/tasks/${taskId}/draft`, { content: "kept draft" });
    const task = () => prisma.task.findUnique({ where: { id: taskId }, select: { status: true, draft: true } });
    targets = [
      {
        name: "create project",
        method: "POST",
        url: "/api/v1/projects",
        token: admin.token,
        big: (t) => ({ name: t, guidelines: "g" }),
        state: async () => null,
      },
      {
        name: "patch project",
        method: "PATCH",
        url: `/api/v1/projects/${projectId}`,
        token: admin.token,
        big: (t) => ({ name: t }),
        state: () => prisma.project.findUnique({ where: { id: projectId } }),
      },
      {
        name: "save draft",
        method: "PUT",
        url: `/api/v1/tasks/${taskId}/draft`,
        token: labeler.token,
        big: (t) => ({ content: t }),
        state: task,
      },
      {
        name: "submit",
        method: "POST",
        url: `/api/v1/tasks/${taskId}/submit`,
        token: labeler.token,
        big: (t) => ({ content: t }),
        state: task,
      },
      {
        name: "review",
        method: "POST",
        url: `/api/v1/responses/${responseId}/review`,
        token: reviewer.token,
        big: (t) => ({ decision: "accept", comment: t }),
        state: () => prisma.response.findUnique({ where: { id: responseId }, select: { status: true } }),
      },
      {
        name: "create user",
        method: "POST",
        url: "/api/v1/users",
        token: admin.token,
        big: (t) => ({ email: `${uniq("u")}@example.test`, name: t, role: "labeler" }),
        state: async () => null,
      },
      {
        name: "create token",
        method: "POST",
        url: "/api/v1/tokens",
        token: labeler.token,
        big: (t) => ({ name: t }),
        state: async () => null,
      },
    ];
  });

  // [what, body, status, code]; every row is sent to every target.
  const cases: Array<[string, (target: { big: (text: string) => unknown }) => Body, number, string]> = [
    ["malformed JSON", () => '{"name": "x",', 400, "bad_json"],
    ["an empty body", () => "", 400, "bad_json"],
    ["only whitespace", () => " \r\n\t ", 400, "bad_json"],
    ["a JSON array", () => "[]", 400, "validation_error"],
    ["a JSON string", () => '"hello"', 400, "validation_error"],
    ["null", () => "null", 400, "validation_error"],
    [
      "wrong types",
      () => '{"name": 42, "content": 42, "turns": "x", "decision": 1, "email": [], "role": {}, "guidelines": false}',
      400,
      "validation_error",
    ],
    ["a 10 MB string", (target) => JSON.stringify(target.big(TEN_MB)), 400, "validation_error"],
    [
      "JSON nested 100,000 levels deep",
      () => `{"name": ${deeplyNested(100_000)}, "content": ${deeplyNested(100_000)}}`,
      400,
      "bad_json",
    ],
    ["invalid UTF-8", () => concat(utf8('{"name": "'), INVALID_UTF8, utf8('"}')), 400, "bad_json"],
    ["a raw NUL byte", () => concat(utf8('{"name": "a'), Uint8Array.from([0]), utf8('b"}')), 400, "bad_json"],
    ["an escaped NUL character", (target) => JSON.stringify(target.big("a\u0000b")), 400, "bad_json"],
  ];

  it.each(cases)("refuses %s with a clear error and writes nothing", async (_what, body, status, code) => {
    for (const target of targets) {
      const [before, stateBefore] = [await rowCounts(), await target.state()];
      const res = await send(target.method, target.url, target.token, body(target), {
        "content-type": "application/json",
      });
      expect({ target: target.name, status: res.status, code: res.body?.error?.code }).toEqual({
        target: target.name,
        status,
        code,
      });
      expect(Object.keys(res.body.error).sort()).toEqual(expect.arrayContaining(["code", "message"]));
      expect(res.body.error.message.length).toBeGreaterThan(10);
      expect(await rowCounts()).toEqual(before);
      expect(await target.state()).toEqual(stateBefore);
    }
  });

  it("refuses a body over the limit with 413 naming the limit, declared or not", async () => {
    const before = await rowCounts();
    for (const target of targets) {
      const declared = await send(target.method, target.url, target.token, "{}", {
        "content-length": String(MAX_JSON_BYTES + 1),
      });
      const streamed = await send(
        target.method,
        target.url,
        target.token,
        endless(utf8(" ".repeat(1 << 20)), MAX_JSON_BYTES + (1 << 20)),
      );
      for (const res of [declared, streamed]) {
        expect(res.status).toBe(413);
        expect(res.body.error).toMatchObject({ code: "payload_too_large", details: { limit: MAX_JSON_BYTES } });
        expect(res.body.error.message).toContain("16 MiB (16,777,216 bytes)");
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("accepts a leading BOM, CRLF line ends and no Content-Type, as any JSON client may send them", async () => {
    const body = concat(BOM, utf8(`{\r\n  "content": "line one\\r\\nline two"\r\n}\r\n`));
    const res = await send("PUT", `/api/v1/tasks/${taskId}/draft`, labeler.token, body);
    expect(res.status).toBe(200);
    expect(res.body.turns).toEqual(["line one\r\nline two"]);
  });
});

describe("bad bodies on the prompt import (JSONL)", () => {
  let admin: TestUser;
  let project: { id: string };
  const importUrl = () => `/api/v1/projects/${project.id}/prompts`;
  const promptCount = () => prisma.prompt.count({ where: { projectId: project.id } });

  beforeAll(async () => {
    admin = await createTestUser("admin");
    project = await createTestProject(admin.actor);
  });

  const good = '{"id": "ok-1", "prompt": "A fine prompt"}\n';
  // [what, file, status, code, line the error names (422)]
  const cases: Array<[string, () => Body, number, string, number?]> = [
    ["a malformed line", () => `${good}{"prompt": "x",\n`, 422, "invalid_import", 2],
    ["a line of the wrong type", () => `${good}["prompt"]\n`, 422, "invalid_import", 2],
    ["a prompt that is a number", () => `{"prompt": 42}\n${good}`, 422, "invalid_import", 1],
    ["a 10 MB line", () => `${good}${JSON.stringify({ prompt: TEN_MB })}\n`, 422, "invalid_import", 2],
    [
      "metadata nested 100,000 levels deep",
      () => `${good}{"prompt": "p", "metadata": {"a": ${deeplyNested(100_000)}}}\n`,
      422,
      "invalid_import",
      2,
    ],
    ["a prompt nested 100,000 levels deep", () => `{"prompt": ${deeplyNested(100_000)}}\n`, 422, "invalid_import", 1],
    ["invalid UTF-8", () => concat(utf8(good), utf8('{"prompt": "'), INVALID_UTF8, utf8('"}\n')), 400, "bad_json"],
    [
      "a raw NUL byte",
      () => concat(utf8(good), utf8('{"prompt": "a'), Uint8Array.from([0]), utf8('"}\n')),
      422,
      "invalid_import",
      2,
    ],
    ["an escaped NUL character", () => `${good}{"prompt": "a\\u0000b"}\n`, 422, "invalid_import", 2],
    ["an empty file", () => "", 422, "invalid_import"],
    ["only blank lines", () => "\n\r\n  \n", 422, "invalid_import"],
  ];

  it.each(cases)("refuses %s with a clear error and imports nothing", async (_what, body, status, code, line) => {
    const [before, count] = [await rowCounts(), await promptCount()];
    const res = await send("POST", importUrl(), admin.token, body(), { "content-type": "application/x-ndjson" });
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expect(res.body.error.message).toMatch(/nothing was imported|no prompts/);
    if (line !== undefined) expect(res.body.error.details).toEqual([{ line, message: expect.any(String) }]);
    expect(await promptCount()).toBe(count);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a file over EXEMPLAR_MAX_IMPORT_BYTES with 413 naming the limit, declared or streamed", async () => {
    const limit = env().EXEMPLAR_MAX_IMPORT_BYTES;
    const before = await rowCounts();
    const declared = await send("POST", importUrl(), admin.token, good, { "content-length": String(limit + 1) });
    // One endless line: counted, never kept, and stopped as soon as it passes the limit.
    const streamed = await send(
      "POST",
      importUrl(),
      admin.token,
      endless(utf8("x".repeat(1 << 20)), limit + (1 << 20)),
    );
    for (const res of [declared, streamed]) {
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: "payload_too_large", details: { limit } });
      expect(res.body.error.message).toContain("64 MiB (67,108,864 bytes)");
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("imports a file with a BOM and CRLF line ends as if it had neither", async () => {
    const file = concat(BOM, utf8('{"id": "crlf-1", "prompt": "First"}\r\n{"id": "crlf-2", "turns": ["a", "b"]}\r\n'));
    const res = await send("POST", importUrl(), admin.token, file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 2, skipped: 0, specialTokenPrompts: 0, errors: [] });
    const prompts = await prisma.prompt.findMany({
      where: { projectId: project.id, externalId: { in: ["crlf-1", "crlf-2"] } },
      orderBy: { seq: "asc" },
    });
    expect(prompts.map((p) => p.externalId)).toEqual(["crlf-1", "crlf-2"]);
    expect(prompts[0]!.messages).toEqual([
      { role: "user", content: "First" },
      { role: "assistant", content: null },
    ]);
  });
});
