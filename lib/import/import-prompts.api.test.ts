import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { callApi } from "@/lib/testing/api-client";
import { createTestProject, createTestUser, createTestUsers, jsonl, type TestUser } from "@/lib/testing/factories";
import { POST } from "@/app/api/v1/projects/[id]/prompts/route";

describe("POST /api/v1/projects/{id}/prompts", () => {
  let admin: TestUser, reviewer: TestUser;
  beforeAll(async () => {
    [admin, reviewer] = await createTestUsers("admin", "reviewer");
  });

  it("imports every shape, keeps unknown keys as metadata, and skips known ids on re-import", async () => {
    const project = await createTestProject(admin.actor);
    const file = jsonl([
      { id: "a", prompt: "Plain?", system: "Sys" },
      { id: 7, messages: [{ role: "user", content: "Hi" }], category: "chat" },
      { question_id: 81, category: "writing", turns: ["One", "Two"] },
      {
        conversations: [
          { from: "human", value: "Q" },
          { from: "gpt", value: "" },
        ],
      },
    ]);
    const first = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, file);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ imported: 4, skipped: 0, specialTokenPrompts: 0, errors: [] });
    const stored = await prisma.prompt.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } });
    expect(stored.map((p) => p.externalId)).toEqual(["a", "7", null, null]);
    expect(stored[2]).toMatchObject({ metadata: { question_id: 81, category: "writing" }, slotCount: 2 });

    const again = await admin.api.postText(
      `/api/v1/projects/${project.id}/prompts`,
      jsonl([
        { id: "a", prompt: "Plain?" },
        { id: "b", prompt: "New" },
      ]),
    );
    expect(again.body).toEqual({ imported: 1, skipped: 1, specialTokenPrompts: 0, errors: [] });
  });

  it("imports nothing when any line is bad, and names every bad line", async () => {
    const project = await createTestProject(admin.actor);
    const body = [
      '{"prompt": "fine"}',
      "not json",
      '{"turns": []}',
      "",
      '{"messages": [{"role": "assistant", "content": "x"}]}',
    ].join("\n");
    const res = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_import");
    expect(res.body.error.details.map((d: { line: number }) => d.line)).toEqual([2, 3, 5]);
    expect(res.body.error.details.every((d: { message: string }) => d.message.length > 0)).toBe(true);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("refuses an empty file, a body over the limit, and anyone but an admin", async () => {
    const project = await createTestProject(admin.actor);
    const empty = await admin.api.postText(`/api/v1/projects/${project.id}/prompts`, "\n\n");
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toMatch(/no prompts/);
    const asReviewer = await reviewer.api.postText(`/api/v1/projects/${project.id}/prompts`, jsonl([{ prompt: "x" }]));
    expect(asReviewer.status).toBe(403);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("POST /api/v1/projects/{id}/prompts, streamed", () => {
  let admin: TestUser;
  beforeAll(async () => {
    admin = await createTestUser("admin");
  });

  /** Calls the route with a body that arrives in pieces and declares no length, as a chunked upload does. */
  async function postStream(
    projectId: string,
    chunks: AsyncIterable<Uint8Array>,
    headers: Record<string, string> = {},
  ) {
    const iterator = chunks[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    const request = new Request(`http://exemplar.test/api/v1/projects/${projectId}/prompts`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/x-ndjson", ...headers },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await POST(request, { params: Promise.resolve({ id: projectId }) });
    return { status: response.status, body: await response.json() };
  }

  async function* repeat(chunk: Uint8Array, times: number): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < times; i++) yield chunk;
  }

  it("imports a chunked body", async () => {
    const project = await createTestProject(admin.actor);
    const text = Buffer.from(
      jsonl(Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, prompt: `Frage ${i} — ü` }))),
    );
    const chunks = Array.from({ length: Math.ceil(text.length / 1001) }, (_, i) =>
      text.subarray(i * 1001, (i + 1) * 1001),
    );
    const res = await postStream(project.id, repeatEach(chunks));
    expect(res).toEqual({ status: 200, body: { imported: 2000, skipped: 0, specialTokenPrompts: 0, errors: [] } });
  });

  it("refuses a body over EXEMPLAR_MAX_IMPORT_BYTES with 413 naming the limit, declared or not, and writes nothing", async () => {
    const project = await createTestProject(admin.actor);
    const limit = env().EXEMPLAR_MAX_IMPORT_BYTES;
    const declared = await admin.api.postText(
      `/api/v1/projects/${project.id}/prompts`,
      jsonl([{ prompt: "x" }]),
      "application/x-ndjson",
    );
    expect(declared.status).toBe(200);
    const big = await callApi("POST", `/api/v1/projects/${project.id}/prompts`, {
      token: admin.token,
      body: jsonl([{ prompt: "y" }]),
      headers: { "content-length": String(limit + 1) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({
      code: "payload_too_large",
      message: "The body is larger than the limit of 64 MiB (67,108,864 bytes)",
      details: { limit },
    });

    // Undeclared: valid lines first, then more bytes than the limit (one long line, so it costs no parsing).
    const lines = Buffer.from(jsonl(Array.from({ length: 1000 }, (_, i) => ({ prompt: `z${i}` }))));
    const spaces = Buffer.alloc(1024 * 1024, 0x20);
    const streamed = await postStream(
      project.id,
      concat(repeatEach([lines]), repeat(spaces, Math.ceil(limit / spaces.length) + 1)),
    );
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.details).toEqual({ limit });
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("refuses invalid UTF-8 with 400, naming the line", async () => {
    const project = await createTestProject(admin.actor);
    const bytes = Buffer.concat([
      Buffer.from('{"prompt": "ok"}\n{"prompt": "'),
      Buffer.from([0xff]),
      Buffer.from('"}\n'),
    ]);
    const res = await postStream(project.id, repeatEach([bytes]));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "bad_json",
      message: "Line 2 is not valid UTF-8; nothing was imported",
    });
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });
});

async function* repeatEach(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function* concat(...sources: AsyncIterable<Uint8Array>[]): AsyncGenerator<Uint8Array> {
  for (const source of sources) yield* source;
}
