import { describe, it, expect } from "vitest";
import { MAX_LINE_BYTES, parsePromptsJsonl } from "./parse-prompts-jsonl";

const SLOT = { role: "assistant", content: null };
const jsonl = (...lines: string[]) => lines.join("\n");

describe("parsePromptsJsonl", () => {
  it("reads one prompt a line, with 1-based line numbers", () => {
    const result = parsePromptsJsonl(jsonl('{"id": "a", "prompt": "A"}', '{"turns": ["B"], "category": "x"}'));
    expect(result).toEqual({
      prompts: [
        { line: 1, externalId: "a", messages: [{ role: "user", content: "A" }, SLOT], metadata: {} },
        { line: 2, externalId: null, messages: [{ role: "user", content: "B" }, SLOT], metadata: { category: "x" } },
      ],
      errors: [],
    });
  });

  it("returns nothing for an empty file or one of blank lines", () => {
    expect(parsePromptsJsonl("")).toEqual({ prompts: [], errors: [] });
    expect(parsePromptsJsonl("\uFEFF\n  \r\n\t\n")).toEqual({ prompts: [], errors: [] });
  });

  it("strips a UTF-8 byte order mark at the start", () => {
    expect(parsePromptsJsonl('\uFEFF{"prompt": "A"}').prompts.map((p) => p.line)).toEqual([1]);
  });

  it("accepts CRLF and LF, without keeping the CR", () => {
    const result = parsePromptsJsonl('{"prompt": "A"}\r\n{"prompt": "B"}\n{"prompt": "C"}\r\n');
    expect(result.errors).toEqual([]);
    expect(result.prompts.map((p) => [p.line, p.messages[0]?.content])).toEqual([
      [1, "A"],
      [2, "B"],
      [3, "C"],
    ]);
  });

  it("skips blank and whitespace-only lines but counts them as physical lines", () => {
    const result = parsePromptsJsonl(jsonl("", '{"prompt": "A"}', "   ", "\t\r", '{"prompt": "B"}', ""));
    expect(result.errors).toEqual([]);
    expect(result.prompts.map((p) => p.line)).toEqual([2, 5]);
  });

  it("splits only on newlines: U+2028 stays in the text", () => {
    const result = parsePromptsJsonl('{"prompt": "a\u2028b"}');
    expect(result.prompts[0]?.messages[0]).toEqual({ role: "user", content: "a\u2028b" });
  });

  it("reports invalid JSON with a short reason and a column", () => {
    const result = parsePromptsJsonl(
      jsonl('{"prompt": "A"', "nope", '{"prompt": "A"} x', '{"prompt": "a\u0001"}', "[1,]"),
    );
    expect(result.errors).toEqual([
      { line: 1, message: "invalid JSON: expected ',' or '}' after property value at column 15" },
      { line: 2, message: "invalid JSON: unexpected token 'o'" },
      { line: 3, message: "invalid JSON: unexpected non-whitespace character after JSON at column 17" },
      { line: 4, message: "invalid JSON: bad control character in string literal at column 14" },
      { line: 5, message: "invalid JSON: unexpected token ']'" },
    ]);
  });

  it("never copies a raw control character into a message", () => {
    const [error] = parsePromptsJsonl("\u0000").errors;
    expect(error?.message).toMatch(/^invalid JSON: /);
    expect(error?.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it("reports the line's own problems with its line number", () => {
    const result = parsePromptsJsonl(
      jsonl(
        '{"prompt": ""}',
        '{"messages": [{"role": "user", "content": "A"}, {"role": "assistant", "content": "B"}]}',
      ),
    );
    expect(result).toEqual({
      prompts: [],
      errors: [
        { line: 1, message: "prompt must be a non-empty string" },
        { line: 2, message: "messages[1]: conversation ends with a written assistant message; nothing left to write" },
      ],
    });
  });

  it("reports every bad line and still returns the good ones", () => {
    const result = parsePromptsJsonl(jsonl("{", '{"prompt": "A"}', "[]", "", '{"output": "x"}', '{"turns": ["B"]}'));
    expect(result.prompts.map((p) => p.line)).toEqual([2, 6]);
    expect(result.errors).toEqual([
      { line: 1, message: "invalid JSON: expected property name or '}' at column 2" },
      { line: 3, message: "expected a JSON object, got an array" },
      { line: 5, message: 'expected one of the keys "prompt", "messages", "turns" or "conversations"' },
    ]);
  });
});

describe("duplicate ids", () => {
  it("reports the later line and keeps the first prompt", () => {
    const result = parsePromptsJsonl(
      jsonl(
        '{"id": "q1", "prompt": "A"}',
        '{"id": "q2", "prompt": "B"}',
        '{"id": "q1", "prompt": "C"}',
        '{"id": "q1", "prompt": "D"}',
      ),
    );
    expect(result.prompts.map((p) => [p.line, p.externalId])).toEqual([
      [1, "q1"],
      [2, "q2"],
    ]);
    expect(result.errors).toEqual([
      { line: 3, message: 'duplicate id "q1" (first seen on line 1)' },
      { line: 4, message: 'duplicate id "q1" (first seen on line 1)' },
    ]);
  });

  it("treats an integer id and the same id as a string as one id", () => {
    expect(parsePromptsJsonl(jsonl('{"id": 7, "prompt": "A"}', '{"id": "7", "prompt": "B"}')).errors).toEqual([
      { line: 2, message: 'duplicate id "7" (first seen on line 1)' },
    ]);
  });

  it("escapes the id in the message", () => {
    expect(
      parsePromptsJsonl(jsonl('{"id": "say \\"hi\\"", "prompt": "A"}', '{"id": "say \\"hi\\"", "prompt": "B"}')).errors,
    ).toEqual([{ line: 2, message: 'duplicate id "say \\"hi\\"" (first seen on line 1)' }]);
  });

  it("does not count prompts without an id, nor an id on a line that was rejected", () => {
    const result = parsePromptsJsonl(
      jsonl('{"prompt": "A"}', '{"prompt": "A"}', '{"id": "x", "prompt": ""}', '{"id": "x", "prompt": "B"}'),
    );
    expect(result.prompts.map((p) => p.line)).toEqual([1, 2, 4]);
    expect(result.errors).toEqual([{ line: 3, message: "prompt must be a non-empty string" }]);
  });
});

describe("line length", () => {
  /** A prompt line of exactly `bytes` UTF-8 bytes, padded with `char` (whose UTF-8 size is `size`). */
  function lineOf(bytes: number, char = "a", size = 1): string {
    const frame = '{"prompt": ""}';
    const count = (bytes - frame.length) / size;
    if (!Number.isInteger(count)) throw new Error("lineOf: size does not divide the padding");
    return `{"prompt": "${char.repeat(count)}"}`;
  }

  it("is 1,000,000 bytes", () => {
    expect(MAX_LINE_BYTES).toBe(1_000_000);
  });

  it("accepts a line of exactly the limit", () => {
    const result = parsePromptsJsonl(lineOf(MAX_LINE_BYTES));
    expect(result.errors).toEqual([]);
    expect(result.prompts).toHaveLength(1);
  });

  it("rejects a longer line, naming the limit, and goes on to the next line", () => {
    const result = parsePromptsJsonl(jsonl(lineOf(MAX_LINE_BYTES + 1), '{"prompt": "B"}'));
    expect(result.errors).toEqual([
      { line: 1, message: "line is too long: 1,000,001 bytes (the limit is 1,000,000 bytes)" },
    ]);
    expect(result.prompts.map((p) => p.line)).toEqual([2]);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 333,328 "€" are 999,984 bytes but only 333,342 UTF-16 units in the line.
    expect(parsePromptsJsonl(lineOf(999_998, "€", 3)).errors).toEqual([]);
    expect(parsePromptsJsonl(lineOf(1_000_001, "€", 3)).errors).toEqual([
      { line: 1, message: "line is too long: 1,000,001 bytes (the limit is 1,000,000 bytes)" },
    ]);
  });

  it("does not count the CR of a CRLF", () => {
    expect(parsePromptsJsonl(`${lineOf(MAX_LINE_BYTES)}\r\n`).errors).toEqual([]);
  });
});
