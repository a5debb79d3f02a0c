import { beforeAll, describe, expect, it } from "vitest";
import { pool, prisma } from "@/lib/db";
import { createTestProject, createTestUser, type TestUser } from "@/lib/testing/factories";
import { importPromptStream, MAX_REPORTED_ERRORS, type ImportProgress } from "./import-prompts";
import { parsePromptsJsonl } from "./parse-prompts-jsonl";

/** The bytes of `text` cut into pieces of `size` bytes, handed over asynchronously like a socket would. */
async function* pieces(text: string | Buffer, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

async function idleInTransaction(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
  );
  return rows[0]!.n;
}

const lineOf = (value: unknown) => JSON.stringify(value);
const stored = (projectId: string) =>
  prisma.prompt.findMany({
    where: { projectId },
    orderBy: { seq: "asc" },
    select: { externalId: true, messages: true, metadata: true, slotCount: true },
  });

describe("importPromptStream", () => {
  let admin: TestUser;
  beforeAll(async () => {
    admin = await createTestUser("admin");
  });

  it("stores what parsePromptsJsonl reads, with chunks cut inside lines and inside multi-byte characters", async () => {
    const text =
      "\uFEFF" +
      [
        lineOf({ id: "a", prompt: "naïve café 日本語 🧪", system: "Sé breve." }),
        "",
        lineOf({ id: "b", messages: [{ role: "user", content: "e\u0301 \u2028 ok" }], tag: "ü" }),
        "   ",
        lineOf({ turns: ["𝔘𝔫𝔦", "二"] }),
        lineOf({
          conversations: [
            { from: "human", value: "Grüße" },
            { from: "gpt", value: "" },
          ],
        }),
      ].join("\r\n");
    const expected = parsePromptsJsonl(text).prompts.map(({ externalId, messages, metadata }) => ({
      externalId,
      messages,
      metadata,
    }));
    expect(expected).toHaveLength(4);
    for (const size of [1, 3, 7]) {
      const project = await createTestProject(admin.actor);
      expect(await importPromptStream(admin.actor, project.id, pieces(text, size))).toEqual({
        imported: 4,
        skipped: 0,
        specialTokenPrompts: 0,
        errors: [],
      });
      const rows = await stored(project.id);
      expect(rows.map(({ externalId, messages, metadata }) => ({ externalId, messages, metadata }))).toEqual(expected);
      expect(rows.map((r) => r.slotCount)).toEqual([1, 1, 2, 1]);
    }
  });

  it("writes nothing when the last of 5,000 lines is bad, and names it", async () => {
    const project = await createTestProject(admin.actor);
    const good = Array.from({ length: 4999 }, (_, i) => lineOf({ id: `p${i}`, prompt: `Question ${i}` }));
    const text = `${[...good, '{"prompt": ""}'].join("\n")}\n`;
    await expect(importPromptStream(admin.actor, project.id, pieces(text, 4096))).rejects.toMatchObject({
      code: "invalid_import",
      message: "1 line is invalid; nothing was imported",
      details: [{ line: 5000, message: "prompt must be a non-empty string" }],
    });
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);

    // Fixed, the same file goes in whole and in file order.
    const fixed = [...good, lineOf({ id: "last", prompt: "Last" })].join("\n");
    expect(await importPromptStream(admin.actor, project.id, pieces(fixed, 65536))).toEqual({
      imported: 5000,
      skipped: 0,
      specialTokenPrompts: 0,
      errors: [],
    });
    const ids = (await stored(project.id)).map((r) => r.externalId);
    expect(ids).toEqual([...good.map((_, i) => `p${i}`), "last"]);
  });

  it("skips the ids the project has on re-import, and always inserts lines without an id", async () => {
    const project = await createTestProject(admin.actor);
    const first = [lineOf({ id: "x", prompt: "X" }), lineOf({ id: "y", prompt: "Y" })].join("\n");
    expect(await importPromptStream(admin.actor, project.id, pieces(first, 5))).toEqual({
      imported: 2,
      skipped: 0,
      specialTokenPrompts: 0,
      errors: [],
    });
    const second = [
      lineOf({ id: "y", prompt: "Changed" }),
      lineOf({ id: "z", prompt: "Z" }),
      lineOf({ prompt: "No id" }),
      lineOf({ id: "x", prompt: "X" }),
    ].join("\n");
    expect(await importPromptStream(admin.actor, project.id, pieces(second, 5))).toEqual({
      imported: 2,
      skipped: 2,
      specialTokenPrompts: 0,
      errors: [],
    });
    const rows = await stored(project.id);
    expect(rows.map((r) => r.externalId)).toEqual(["x", "y", "z", null]);
    expect(rows[1]?.messages).toEqual([
      { role: "user", content: "Y" },
      { role: "assistant", content: null },
    ]);
  });

  it("lists the first 1,000 bad lines and counts the rest", async () => {
    const project = await createTestProject(admin.actor);
    const text = Array.from({ length: 1500 }, (_, i) => (i % 2 === 0 ? "nope" : lineOf({ prompt: `Q${i}` }))).join(
      "\n",
    );
    const error = await importPromptStream(admin.actor, project.id, [text]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_import", message: "750 lines are invalid; nothing was imported" });
    const many = Array.from({ length: 2500 }, () => "nope").join("\n");
    const capped = (await importPromptStream(admin.actor, project.id, [many]).catch((e: unknown) => e)) as {
      message: string;
      details: { line: number }[];
    };
    expect(capped.message).toBe("2,500 lines are invalid; nothing was imported (the first 1,000 are listed)");
    expect(capped.details).toHaveLength(MAX_REPORTED_ERRORS);
    expect(capped.details.at(-1)?.line).toBe(1000);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("keeps the line-level rules of parsePromptsJsonl: duplicate ids, a line over 1,000,000 bytes, an unpaired surrogate", async () => {
    const project = await createTestProject(admin.actor);
    const text = [
      lineOf({ id: "d", prompt: "A" }),
      lineOf({ id: "d", prompt: "B" }),
      lineOf({ prompt: "x".repeat(1_000_001) }),
      '{"prompt": "\\ud800 alone"}',
      '{"prompt": "\\ud83d\\ude00 paired"}',
      '{"prompt": "\\\\ud800 is not an escape"}',
    ].join("\n");
    const error = await importPromptStream(admin.actor, project.id, pieces(text, 65536)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "invalid_import",
      details: [
        { line: 2, message: 'duplicate id "d" (first seen on line 1)' },
        { line: 3, message: "line is too long: 1,000,014 bytes (the limit is 1,000,000 bytes)" },
        { line: 4, message: expect.stringMatching(/^text contains an unpaired UTF-16 surrogate/) },
      ],
    });
    expect(parsePromptsJsonl(text).errors).toEqual((error as { details: unknown }).details);
  });

  it("refuses a file without prompts", async () => {
    const project = await createTestProject(admin.actor);
    await expect(importPromptStream(admin.actor, project.id, pieces("\n \r\n", 1))).rejects.toMatchObject({
      code: "invalid_import",
      message: "The file has no prompts; nothing was imported",
    });
  });

  it("leaves nothing behind when the source fails midway, and the pool keeps working", async () => {
    const project = await createTestProject(admin.actor);
    async function* failing() {
      yield Buffer.from(`${Array.from({ length: 3000 }, (_, i) => lineOf({ prompt: `Q${i}` })).join("\n")}\n`);
      throw new Error("connection reset by peer");
    }
    for (let i = 0; i < 3; i++) {
      await expect(importPromptStream(admin.actor, project.id, failing())).rejects.toThrow("connection reset by peer");
    }
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
    // The connection that was mid-COPY was closed, not left idle in a transaction.
    await expect.poll(idleInTransaction).toBe(0);
    expect(await importPromptStream(admin.actor, project.id, [lineOf({ prompt: "after" })])).toMatchObject({
      imported: 1,
    });
  });

  it("reports progress while reading, then the insert", async () => {
    const project = await createTestProject(admin.actor);
    const seen: ImportProgress[] = [];
    const text = Array.from({ length: 100 }, (_, i) => lineOf({ prompt: `Q${i}` })).join("\n");
    await importPromptStream(admin.actor, project.id, pieces(text, 500), { onProgress: (p) => seen.push(p) });
    expect(seen.filter((p) => p.phase === "reading").length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual({ phase: "inserting", lines: 100, bytes: Buffer.byteLength(text) });
  });

  it("needs an admin", async () => {
    const reviewer = await createTestUser("reviewer");
    const project = await createTestProject(admin.actor);
    await expect(importPromptStream(reviewer.actor, project.id, [lineOf({ prompt: "x" })])).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
