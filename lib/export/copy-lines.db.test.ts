import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, escapeLiteral } from "pg";
import { to as copyTo } from "pg-copy-streams";
import { BinaryCopyLines, inlineParameters } from "@/lib/export/copy-lines";

// Real binary COPY output from PostgreSQL, fed to the parser whole and cut at every byte.

const LINES = ["a", "", 'é "quoted" \\n and a real\nnewline\t\u2028', "z".repeat(70_000), "last"];

let db: Client;
let raw: Buffer;

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const values = LINES.map((line, i) => `(${i}, ${escapeLiteral(line)})`).join(", ");
  const copy = db.query(copyTo(`COPY (SELECT x FROM (VALUES ${values}) v(i, x) ORDER BY i) TO STDOUT (FORMAT binary)`));
  const chunks: Buffer[] = [];
  for await (const chunk of copy) chunks.push(chunk as Buffer);
  raw = Buffer.concat(chunks);
});

afterAll(async () => {
  await db.end();
});

const expected = () => Buffer.from(LINES.map((l) => `${l}\n`).join(""), "utf8");

describe("BinaryCopyLines", () => {
  it("turns one-column binary COPY data into the rows' bytes, one line each", () => {
    const lines = new BinaryCopyLines();
    const out = lines.push(raw);
    expect(out.equals(expected())).toBe(true);
    expect(lines.rows).toBe(LINES.length);
    expect(lines.done).toBe(true);
  });

  it("gives the same bytes however the data is cut into chunks", () => {
    for (const size of [1, 2, 3, 5, 7, 19, 64, 4096]) {
      const lines = new BinaryCopyLines();
      const parts: Buffer[] = [];
      for (let i = 0; i < raw.length; i += size) parts.push(lines.push(raw.subarray(i, i + size)));
      expect(Buffer.concat(parts).equals(expected()), `chunks of ${size}`).toBe(true);
      expect(lines.done).toBe(true);
    }
  });

  it("is not done before the trailer, and refuses data that is not binary COPY", () => {
    const lines = new BinaryCopyLines();
    lines.push(raw.subarray(0, raw.length - 2));
    expect(lines.done).toBe(false);
    expect(() => new BinaryCopyLines().push(Buffer.from("a\tb\n".repeat(10)))).toThrow(/binary COPY/);
  });
});

describe("inlineParameters", () => {
  it("puts each value in as a quoted literal, $10 not mistaken for $1", () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    values[1] = "it's \\ here";
    const text = inlineParameters("SELECT $1, $2::text, $10", values, escapeLiteral);
    // The driver writes a string with a backslash as " E'…'" (the leading space is its own).
    expect(text).toBe(`SELECT 'v1',  E'it''s \\\\ here'::text, 'v10'`);
  });

  it("writes dates as ISO times and numbers as text, and refuses a missing value", () => {
    expect(inlineParameters("$1::timestamptz > $2::int", [new Date("2026-01-02T03:04:05Z"), 7], escapeLiteral)).toBe(
      "'2026-01-02T03:04:05.000Z'::timestamptz > '7'::int",
    );
    expect(() => inlineParameters("$2", ["only one"], escapeLiteral)).toThrow(/No value for \$2/);
  });

  it("round-trips hostile text through PostgreSQL unchanged", async () => {
    const hostile = "'); DROP TABLE users; -- \\' \u0001 é";
    const { rows } = await db.query(inlineParameters("SELECT $1::text AS v", [hostile], escapeLiteral));
    expect(rows[0].v).toBe(hostile);
  });
});
