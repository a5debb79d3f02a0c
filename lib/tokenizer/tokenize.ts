import {
  EndOfPrompt,
  EndOfText,
  FimMiddle,
  FimPrefix,
  FimSuffix,
  ImEnd,
  ImSep,
  ImStart,
} from "gpt-tokenizer/specialTokens";
import { boundedParts, TOKEN_SPLIT } from "./bounded";

/** What tokenizing needs from a gpt-tokenizer encoding module (`gpt-tokenizer/encoding/<name>`). */
export type Encoding = {
  encode: (text: string) => number[];
  decodeGenerator: (tokens: Iterable<number>) => Generator<string, void, void>;
};

/**
 * A text cut at its token boundaries, as spans over the text (UTF-16 offsets): span i is
 * `text.slice(ends[i - 1] ?? 0, ends[i])`, made of `tokens[i]` tokens, a special token when
 * `special[i]` is 1. A span holds more than one token only where a token ends inside a character
 * (an emoji split across two tokens): a boundary cannot be drawn there. Typed arrays, so a Web
 * Worker can hand them over cheaply.
 */
export type TokenizedText = {
  text: string;
  count: number;
  ends: Uint32Array;
  tokens: Uint8Array;
  special: Uint8Array;
};

/**
 * The special tokens both encodings define in gpt-tokenizer (cl100k_base: `<|im_start|>` 100264,
 * `<|im_end|>` 100265; o200k_base: 200003 and 200004). Wherever one appears in the text it is one
 * token, as tiktoken's `encode(text, allowed_special="all")` counts it: a ChatML trainer reads the
 * markers as special tokens. docs/performance.md ("Protocol view") explains the convention.
 */
export const SPECIAL_TOKENS = [EndOfText, FimPrefix, FimMiddle, FimSuffix, ImStart, ImEnd, ImSep, EndOfPrompt] as const;
const SPECIAL = new RegExp(SPECIAL_TOKENS.map((t) => t.replace(/[|]/g, "\\|")).join("|"), "g");

/**
 * Splits `text` at special tokens and encodes the plain runs between them. (gpt-tokenizer's own
 * `allowedSpecial` only finds a special token at the start of a run, so the split is done here.)
 * Each run is encoded in bounded parts (lib/tokenizer/bounded.ts): a pasted 100,000-letter word
 * takes the worker a fraction of a second, not minutes. `split` is the encoding's pre-tokenizer.
 */
export function tokenizeText(encoding: Encoding, text: string, split: RegExp = TOKEN_SPLIT.o200k_base): TokenizedText {
  const ends: number[] = [];
  const tokens: number[] = [];
  const special: number[] = [];
  let at = 0;
  const plain = (end: number) => {
    for (const part of end > at ? boundedParts(text.slice(at, end), split) : []) {
      pushSpans(encoding, part, at, ends, tokens, special);
      at += part.length;
    }
    at = end;
  };
  for (const match of text.matchAll(SPECIAL)) {
    plain(match.index);
    at = match.index + match[0].length;
    ends.push(at);
    tokens.push(1);
    special.push(1);
  }
  plain(text.length);
  return {
    text,
    count: tokens.reduce((sum, n) => sum + n, 0),
    ends: Uint32Array.from(ends),
    tokens: Uint8Array.from(tokens),
    special: Uint8Array.from(special),
  };
}

/**
 * Token boundaries of a plain run. `decodeGenerator` yields a string as soon as the tokens read so
 * far make whole characters; counting the tokens it has pulled tells how many made each string.
 */
function pushSpans(
  encoding: Encoding,
  run: string,
  offset: number,
  ends: number[],
  tokens: number[],
  special: number[],
) {
  const ids = encoding.encode(run);
  let pulled = 0;
  let counted = 0;
  const source: Iterable<number> = {
    *[Symbol.iterator]() {
      for (const id of ids) {
        pulled++;
        yield id;
      }
    },
  };
  let end = offset;
  for (const piece of encoding.decodeGenerator(source)) {
    // A lone surrogate decodes to U+FFFD: the same length, so offsets stay aligned with `run`.
    end += piece.length;
    ends.push(end);
    tokens.push(pulled - counted);
    special.push(0);
    counted = pulled;
  }
  if (end !== offset + run.length || counted !== ids.length) {
    throw new Error(`token boundaries do not cover the text (${end - offset} of ${run.length} characters)`);
  }
}

/** The spans as strings, for tests and debugging. */
export function spanTexts(tokenized: TokenizedText): string[] {
  const out: string[] = [];
  let start = 0;
  for (const end of tokenized.ends) {
    out.push(tokenized.text.slice(start, end));
    start = end;
  }
  return out;
}
