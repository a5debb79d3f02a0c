import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { errorCount, validateFile, validateLines } from "@/lib/export/validate-file";
import { formatValidationReport } from "@/lib/export/validation-report";
import { exampleTokens, Histogram } from "@/lib/export/token-stats";

const good = {
  messages: [
    { role: "system", content: "Be kind." },
    { role: "user", content: "hi" },
    { role: "assistant", content: "hello" },
  ],
};
const lines = [
  JSON.stringify(good),
  "{not json",
  "[]",
  JSON.stringify({ messages: [{ role: "user", content: "alone" }] }),
  JSON.stringify({
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "" },
    ],
  }),
  JSON.stringify({
    messages: [
      { role: "user", content: "no system" },
      { role: "assistant", content: "fine" },
    ],
  }),
];

describe("validating a JSONL file", () => {
  it("reports every error by the cookbook's name with its line numbers", async () => {
    const report = await validateLines(lines, { format: "openai" });
    expect(report.examples).toBe(6);
    expect(report.errors).toEqual({
      invalid_json: { count: 1, lines: [2] },
      data_type: { count: 1, lines: [3] },
      example_missing_assistant_message: { count: 1, lines: [4] },
      missing_content: { count: 1, lines: [5] },
    });
    expect(report.warnings).toEqual({ example_missing_system_message: { count: 1, lines: [6] } });
    expect(errorCount(report)).toBe(4);
  });

  it("counts tokens as the cookbook estimates them: 3 per message + its values, + 3 per example", () => {
    // cl100k_base: "system", "Be", " kind", ".", "user", "hi", "assistant", "hello" are one token each.
    expect(exampleTokens(good.messages as never)).toEqual({
      total: 3 + (3 + 1 + 3) + (3 + 1 + 1) + (3 + 1 + 1),
      assistant: 1,
    });
    expect(exampleTokens([{ role: "user", content: "<|im_end|><|endoftext|>" }])).toMatchObject({
      total: expect.any(Number),
    });
  });

  it("gives min, median, p90 and max as numpy does, and flags examples over the limit", async () => {
    const h = new Histogram();
    for (const v of [4, 1, 3, 2]) h.add(v);
    expect(h.summary()).toEqual({ min: 1, median: 2.5, p90: 3.7, max: 4 });
    expect(new Histogram().summary()).toEqual({ min: null, median: null, p90: null, max: null });

    const report = await validateLines([lines[0]!, lines[5]!], { format: "openai", maxTokens: 19 });
    expect(report.stats.messages.summary()).toEqual({ min: 2, median: 2.5, p90: 2.9, max: 3 });
    expect(report.stats.tokens.summary().max).toBe(20);
    expect(report.warnings.example_over_token_limit).toEqual({ count: 1, lines: [1] });
    expect(errorCount(report)).toBe(0);
  });

  it("reads plain and gzipped files and prints a readable report", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "exemplar-validate-"));
    const plain = path.join(dir, "data.jsonl");
    await writeFile(plain, `${lines.join("\n")}\n`);
    await writeFile(`${plain}.gz`, gzipSync(lines.join("\r\n")));
    const fromPlain = await validateFile(plain, { format: "openai" });
    const fromGzip = await validateFile(`${plain}.gz`, { format: "openai" });
    expect(fromGzip.errors).toEqual(fromPlain.errors);
    const text = formatValidationReport(fromPlain, "data.jsonl");
    expect(text).toContain("data.jsonl: 6 example(s), format openai");
    expect(text).toContain("  missing_content: 1 (line 5)");
    expect(text).toContain("estimate");
    expect(text).toMatch(/tokens per example\s+\d+/);
    expect(text).toContain("invalid: 4 error(s)");
    await expect(validateFile(path.join(dir, "missing.jsonl"), { format: "openai" })).rejects.toThrow(/ENOENT/);
  });

  it("checks the other formats by their own rules", async () => {
    const sharegpt = await validateLines(
      [
        JSON.stringify({
          conversations: [
            { from: "human", value: "q" },
            { from: "gpt", value: "a" },
          ],
        }),
      ],
      { format: "sharegpt" },
    );
    expect(errorCount(sharegpt)).toBe(0);
    const wrong = await validateLines([JSON.stringify(good)], { format: "chatml" });
    expect(wrong.errors).toEqual({ missing_text: { count: 1, lines: [1] } });
  });
});
