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
  const checker = new PromptLineChecker();
  // Only "\n" ends a line: a raw CR, U+2028 or U+2029 inside a line is the line's own content (or bad JSON).
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  lines.forEach((raw, index) => {
    const result = checker.check(index + 1, raw.endsWith("\r") ? raw.slice(0, -1) : raw);
    if (result?.ok) prompts.push(result.prompt);
    else if (result) errors.push(result.error);
  });
  return { prompts, errors };
}

export type CheckedLine = { ok: true; prompt: ParsedPromptLine } | { ok: false; error: PromptLineError };

/**
 * Checks the lines of one file in order: each on its own, and ids against the earlier lines. Shared by
 * parsePromptsJsonl and the streaming import, so both accept and reject exactly the same lines.
 */
export class PromptLineChecker {
  private readonly firstLineOfId = new Map<string, number>();

  /**
   * `source` is the line without its line ending, or null for a line too long to keep (then `bytes` is its
   * size); `bytes` may be left out when the whole line is given. Returns null for a blank line.
   */
  check(line: number, source: string | null, bytes?: number): CheckedLine | null {
    if (source !== null && source.trim() === "") return null;
    let result: ParsePromptLineResult;
    if (source === null) {
      result = tooLong(bytes ?? 0);
    } else {
      const over = bytesOverLimit(source, bytes);
      result = over === null ? parseLine(source) : tooLong(over);
    }
    if (!result.ok) return { ok: false, error: { line, message: result.message } };
    const id = result.prompt.externalId;
    const first = id === null ? undefined : this.firstLineOfId.get(id);
    if (first !== undefined) {
      return {
        ok: false,
        error: { line, message: `duplicate id ${JSON.stringify(id)} (first seen on line ${first})` },
      };
    }
    if (id !== null) this.firstLineOfId.set(id, line);
    return { ok: true, prompt: { ...result.prompt, line } };
  }
}

function tooLong(bytes: number): ParsePromptLineResult {
  const limit = `${formatCount(MAX_LINE_BYTES)} bytes`;
  return { ok: false, message: `line is too long: ${formatCount(bytes)} bytes (the limit is ${limit})` };
}

function parseLine(source: string): ParsePromptLineResult {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${jsonReason(error)}` };
  }
  // PostgreSQL's jsonb refuses "\ud800" without its pair, and it would fail the whole import in the database.
  if (MAYBE_SURROGATE_ESCAPE.test(source) && LONE_SURROGATE_ESCAPE.test(JSON.stringify(value))) {
    return {
      ok: false,
      message:
        "text contains an unpaired UTF-16 surrogate (a \\uD800–\\uDFFF escape without its pair); PostgreSQL cannot store it",
    };
  }
  return parsePromptLine(value);
}

const MAYBE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** JSON.stringify escapes a surrogate only when it is unpaired: an escape preceded by an even number of "\\". */
const LONE_SURROGATE_ESCAPE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;

/**
 * The line's UTF-8 size when past the limit, else null. `known` is the size when the caller counted it; else a
 * UTF-16 unit is at most 3 bytes, so most lines are never encoded.
 */
function bytesOverLimit(source: string, known?: number): number | null {
  if (known !== undefined) return known > MAX_LINE_BYTES ? known : null;
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
