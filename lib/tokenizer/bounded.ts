import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import type { Tokenizer } from "./encodings";

/**
 * The longest text byte-pair merging ever runs on, in UTF-16 code units. gpt-tokenizer's merge is
 * quadratic in the length of one pre-token (a run of letters with no space, a run of one symbol):
 * 80,000 letters took seconds, while no word of a natural language comes near this length. A longer
 * pre-token is merged in pieces of at most this length, which makes counting linear in the text.
 */
export const MAX_PIECE_CHARS = 256;

/**
 * Parts are cut at pre-token boundaries once they reach this length, so a count can stop early (countWithin)
 * and a part's cost stays small. Pre-tokens do not depend on text far away, so these cuts change no count.
 */
const PART_CHARS = 4096;

/** Each encoding's own pre-tokenizer, the pattern gpt-tokenizer splits a text with before merging. */
export const TOKEN_SPLIT: Record<Tokenizer, RegExp> = {
  o200k_base: O200K_TOKEN_SPLIT_REGEX,
  cl100k_base: CL100K_TOKEN_SPLIT_REGEX,
};

/**
 * `text` cut into consecutive parts, each safe to hand to the encoder in bounded time: their
 * concatenation is `text`. A text whose pre-tokens are all at most MAX_PIECE_CHARS long (every
 * ordinary text) is one part, so its count is exactly the encoder's. Each longer pre-token is cut
 * into pieces of MAX_PIECE_CHARS (never inside a surrogate pair), and the text around it is its own
 * part; long texts are also cut at pre-token boundaries every PART_CHARS. A cut inside a pre-token only stops merges across it, so the parts' tokens add up to at least the whole's (an
 * upper bound, safe for a limit), and within a few tokens of it per cut.
 *
 * `split` must be the encoding's pre-tokenizer (TOKEN_SPLIT): another pattern could hide a long
 * pre-token of the encoding inside a run it cuts short.
 */
export function* boundedParts(text: string, split: RegExp): Generator<string> {
  if (text.length <= MAX_PIECE_CHARS) {
    yield text;
    return;
  }
  let from = 0;
  // V8 runs the pre-tokenizer in linear time; the encoder runs it again on each part.
  for (const match of text.matchAll(split)) {
    const token = match[0];
    const end = match.index + token.length;
    if (token.length <= MAX_PIECE_CHARS) {
      if (end - from >= PART_CHARS) {
        yield text.slice(from, end);
        from = end;
      }
      continue;
    }
    if (match.index > from) yield text.slice(from, match.index);
    yield* pieces(token);
    from = end;
  }
  if (from < text.length) yield from === 0 ? text : text.slice(from);
}

function* pieces(token: string): Generator<string> {
  let at = 0;
  while (at < token.length) {
    let end = Math.min(at + MAX_PIECE_CHARS, token.length);
    // A high surrogate keeps its low half: a lone half would be a different character (U+FFFD).
    if (end < token.length && isHighSurrogate(token.charCodeAt(end - 1))) end--;
    yield token.slice(at, end);
    at = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** gpt-tokenizer's option for "special-token text is plain text" (it throws on it by default). */
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

type CountFn = (part: string, options: typeof PLAIN_TEXT) => number;

/** Tokens of `text` counted part by part (boundedParts): linear time, exact for ordinary text. */
export function boundedCount(text: string, split: RegExp, count: CountFn): number {
  let total = 0;
  for (const part of boundedParts(text, split)) total += count(part, PLAIN_TEXT);
  return total;
}

/**
 * Like boundedCount, but stops as soon as the count passes `limit`: then `complete` is false and `tokens`
 * is only a lower bound above the limit. The cost is bounded by the limit, not by the text's length.
 */
export function countWithin(
  text: string,
  limit: number,
  split: RegExp,
  count: CountFn,
): { tokens: number; complete: boolean } {
  let tokens = 0;
  for (const part of boundedParts(text, split)) {
    tokens += count(part, PLAIN_TEXT);
    if (tokens > limit) return { tokens, complete: false };
  }
  return { tokens, complete: true };
}
