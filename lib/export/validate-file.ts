import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { ExportFormat } from "@/lib/export/schemas";
import { LINE_CHECKERS } from "@/lib/export/formats";
import { exampleTokens, Histogram } from "@/lib/export/token-stats";
import { findSpecialTokens } from "@/lib/conversation/special-tokens";

export const DEFAULT_MAX_TOKENS = 16_385;
// Line numbers kept per error name: enough to find the problem, bounded however bad the file.
const LINES_KEPT = 10;

type Occurrences = { count: number; lines: number[] };

export type ValidationReport = {
  format: ExportFormat;
  maxTokens: number;
  examples: number;
  /** Error name → how many lines and the first line numbers (1-based). Any error fails the file. */
  errors: Record<string, Occurrences>;
  warnings: Record<string, Occurrences>;
  stats: { messages: Histogram; tokens: Histogram; assistantTokens: Histogram };
};

/**
 * Checks JSONL lines with the format's checker (lib/export/formats) and gathers the cookbook's
 * statistics. Streams: memory depends on the longest line, not on the file.
 */
export async function validateLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { format: ExportFormat; maxTokens?: number },
): Promise<ValidationReport> {
  const report: ValidationReport = {
    format: options.format,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    examples: 0,
    errors: {},
    warnings: {},
    stats: { messages: new Histogram(), tokens: new Histogram(), assistantTokens: new Histogram() },
  };
  const check = LINE_CHECKERS[options.format];
  let number = 0;
  for await (const line of lines) {
    number++;
    report.examples++;
    let example: unknown;
    try {
      example = JSON.parse(line);
    } catch {
      note(report.errors, "invalid_json", number);
      continue;
    }
    const result = check(example);
    for (const name of result.errors) note(report.errors, name, number);
    for (const name of result.warnings) note(report.warnings, name, number);
    if (!result.messages) continue;
    if (!result.messages.some((m) => m.role === "system"))
      note(report.warnings, "example_missing_system_message", number);
    if (!result.messages.some((m) => m.role === "user")) note(report.warnings, "example_missing_user_message", number);
    // Text a chat template may read as control tokens (docs/formats.md, "Special-token text"). In chatml
    // a whole forged block reads as a block; only markers left inside a message's content show here.
    if (findSpecialTokens(...result.messages.map((m) => m.content)).length > 0)
      note(report.warnings, "special_token_text", number);
    const tokens = exampleTokens(result.messages);
    report.stats.messages.add(result.messages.length);
    report.stats.tokens.add(tokens.total);
    report.stats.assistantTokens.add(tokens.assistant);
    if (tokens.total > report.maxTokens) note(report.warnings, "example_over_token_limit", number);
  }
  return report;
}

/** A file (gunzipped when its name ends in .gz), line by line. */
export function validateFile(path: string, options: { format: ExportFormat; maxTokens?: number }) {
  const input = createReadStream(path);
  const text = path.endsWith(".gz") ? input.pipe(createGunzip()) : input;
  input.on("error", (error) => text.destroy(error));
  return validateLines(createInterface({ input: text, crlfDelay: Infinity }), options);
}

export function errorCount(report: ValidationReport): number {
  return Object.values(report.errors).reduce((n, o) => n + o.count, 0);
}

function note(into: Record<string, Occurrences>, name: string, line: number): void {
  const entry = (into[name] ??= { count: 0, lines: [] });
  entry.count++;
  if (entry.lines.length < LINES_KEPT) entry.lines.push(line);
}
