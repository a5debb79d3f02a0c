import { parsePromptLine, type ParsedPrompt, type ParsePromptLineResult } from "./parse-prompt-line";

/**
 * Longest line read, in UTF-8 bytes. A labeler reads the whole prompt, so a line past this is almost always
 * a mis-split file or a pasted document; the bound also keeps one bad line from costing a huge JSON.parse.
 */
export const MAX_LINE_BYTES = 1_000_000;

export type ParsedPromptLine = ParsedPrompt & { line: number };
export type PromptLineError = { line: number; message: string };
export type ParsePromptsJsonlResult = { prompts: ParsedPromptLine[]; errors: PromptLineError[] };

/**
 * Reads a JSONL upload. Every bad line is reported (1-based physical line numbers, so an editor's "go to
 * line" lands on it), so one round of fixes is enough; the good lines are returned either way.
 */
export function parsePromptsJsonl(text: string): ParsePromptsJsonlResult {
  const prompts: ParsedPromptLine[] = [];
  const errors: PromptLineError[] = [];
  const firstLineOfId = new Map<string, number>();
  // Only "\n" ends a line: a raw CR, U+2028 or U+2029 inside a line is the line's own content (or bad JSON).
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    const source = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (source.trim() === "") return;
    const result = parseLine(source);
    if (!result.ok) {
      errors.push({ line, message: result.message });
      return;
    }
    const id = result.prompt.externalId;
    const first = id === null ? undefined : firstLineOfId.get(id);
    if (first !== undefined) {
      errors.push({ line, message: `duplicate id ${JSON.stringify(id)} (first seen on line ${first})` });
      return;
    }
    if (id !== null) firstLineOfId.set(id, line);
    prompts.push({ ...result.prompt, line });
  });
  return { prompts, errors };
}

function parseLine(source: string): ParsePromptLineResult {
  const bytes = bytesOverLimit(source);
  if (bytes !== null) {
    const limit = `${formatCount(MAX_LINE_BYTES)} bytes`;
    return { ok: false, message: `line is too long: ${formatCount(bytes)} bytes (the limit is ${limit})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${jsonReason(error)}` };
  }
  return parsePromptLine(value);
}

/** The line's UTF-8 size when past the limit, else null. A UTF-16 unit is at most 3 bytes, so most lines are never encoded. */
function bytesOverLimit(source: string): number | null {
  if (source.length * 3 <= MAX_LINE_BYTES) return null;
  const bytes = new TextEncoder().encode(source).byteLength;
  return bytes > MAX_LINE_BYTES ? bytes : null;
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * V8's message, made short and line-relative: "Unexpected token 'x', "…" is not valid JSON" loses the echoed
 * text, and "in JSON at position 13 (line 1 column 14)" becomes "at column 14" (positions count from 0).
 */
function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/^(Unexpected token '.+?'), "[\s\S]*" is not valid JSON$/, "$1")
    .replace(/ in JSON at position/, " at position")
    .replace(/ at position (\d+)(?: \(line \d+ column \d+\))?$/, (_, at: string) => ` at column ${Number(at) + 1}`)
    // The reason may quote a raw control character from the line; never pass one on.
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const short = reason.length > 120 ? `${reason.slice(0, 119)}…` : reason;
  return short.charAt(0).toLowerCase() + short.slice(1);
}
