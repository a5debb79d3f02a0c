import { describe, expect, it } from "vitest";
import { readJsonlLines, type JsonlLine, type JsonlSource } from "./read-jsonl-lines";

async function lines(source: JsonlSource, maxLineBytes = 1000): Promise<JsonlLine[]> {
  const out: JsonlLine[] = [];
  for await (const line of readJsonlLines(source, { maxLineBytes })) out.push(line);
  return out;
}

/** The bytes of `text` cut into pieces of `size` bytes: boundaries fall inside lines and inside characters. */
function* pieces(text: string | Buffer, size: number): Generator<Uint8Array> {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  for (let i = 0; i < bytes.length; i += size) yield new Uint8Array(bytes.subarray(i, i + size));
}

async function* slowly(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

const texts = (result: JsonlLine[]) => result.map((l) => [l.line, l.text]);

describe("readJsonlLines", () => {
  const sample = '\uFEFF{"a": "naïve café"}\r\n\n  \r\n{"b": "日本語 🧪 e\u0301"}\n{"c": "a\u2028b"}\r\n{"d": 1}';
  const expected = [
    [1, '{"a": "naïve café"}'],
    [2, ""],
    [3, "  "],
    [4, '{"b": "日本語 🧪 e\u0301"}'],
    [5, '{"c": "a\u2028b"}'],
    [6, '{"d": 1}'],
  ];

  it("splits lines like parsePromptsJsonl: BOM dropped, CRLF and LF, blank lines counted, last line without LF", async () => {
    expect(texts(await lines([sample]))).toEqual(expected);
  });

  it("gives the same lines whatever the chunk size, even with chunks ending inside a character, a BOM or a CRLF", async () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64]) {
      expect(texts(await lines(slowly(pieces(sample, size))))).toEqual(expected);
    }
  });

  it("counts a line's bytes without the CR", async () => {
    const result = await lines(['{"x": "€"}\r\nab\n']);
    expect(result.map((l) => l.bytes)).toEqual([12, 2]);
  });

  it("drops only one leading BOM; a BOM later is the line's content", async () => {
    expect(texts(await lines(["\uFEFF\uFEFFa\n\uFEFFb"]))).toEqual([
      [1, "\uFEFFa"],
      [2, "\uFEFFb"],
    ]);
    expect(texts(await lines(pieces("\uFEFF", 1)))).toEqual([]);
    expect(texts(await lines(pieces("ab", 1)))).toEqual([[1, "ab"]]);
  });

  it("yields nothing for an empty source", async () => {
    expect(await lines([])).toEqual([]);
    expect(await lines([""])).toEqual([]);
  });

  it("keeps a line of exactly the limit (with or without CR) and counts a longer one without keeping it", async () => {
    const exact = "x".repeat(10);
    const long = "y".repeat(25);
    const result = await lines(pieces(`${exact}\r\n${exact}\n${long}\r\nok`, 4), 10);
    expect(result).toEqual([
      { line: 1, bytes: 10, text: exact },
      { line: 2, bytes: 10, text: exact },
      { line: 3, bytes: 25, text: null },
      { line: 4, bytes: 2, text: "ok" },
    ]);
  });

  it("stops at the first line that is not UTF-8, naming it", async () => {
    const bad = Buffer.concat([Buffer.from('{"a": 1}\n{"b": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    await expect(lines(pieces(bad, 3))).rejects.toMatchObject({
      code: "bad_json",
      message: "Line 2 is not valid UTF-8; nothing was imported",
    });
    // A UTF-8 encoded surrogate (CESU-8) is not UTF-8 either.
    await expect(lines([Buffer.from([0x61, 0xed, 0xa0, 0x80])])).rejects.toMatchObject({ code: "bad_json" });
  });

  it("reports the bytes it reads", async () => {
    let total = 0;
    for await (const _ of readJsonlLines(pieces("a\nbc\n", 2), { maxLineBytes: 10, onBytes: (n) => (total += n) }))
      void _;
    expect(total).toBe(5);
  });
});
