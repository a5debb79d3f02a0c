import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { boundedCount, countWithin, TOKEN_SPLIT } from "@/lib/tokenizer/bounded";

const SPLIT = TOKEN_SPLIT.o200k_base;

/**
 * The most characters per token a turn may average. Prose averages about 4 characters per o200k_base
 * token and code about 3; only a run of one repeated character (whitespace, a line of dashes) packs
 * more, up to the longest token of the vocabulary (128 characters). A turn longer than this many
 * characters per allowed token is refused as over the limit without being counted, so a huge turn
 * costs nothing to refuse; the writing screen applies the same rule, so both always agree.
 */
export const MAX_CHARS_PER_TOKEN = 8;

/** The longest turn, in characters (UTF-16 code units, as `String.length`), that a token limit lets through. */
export function turnCharLimit(maxTokens: number): number {
  return maxTokens * MAX_CHARS_PER_TOKEN;
}

/**
 * Tokens of one written turn, counted with o200k_base (the encoding of current OpenAI chat
 * models). The same function runs in the browser for the live count and on the server for
 * the limit, so the two can never disagree. Special-token text (`<|endoftext|>`) counts as the
 * ordinary text it is (lib/conversation/special-tokens.ts flags it), and the count takes time linear
 * in the text (lib/tokenizer/bounded.ts).
 */
export function countTurnTokens(text: string): number {
  return boundedCount(text, SPLIT, countTokens);
}

/**
 * A turn measured against a token limit, at a cost bounded by the limit: a turn longer than
 * turnCharLimit is not counted at all, and counting stops once it passes the limit. When `complete`
 * is false the turn is over the limit and `tokens` is only a lower bound.
 */
export function measureTurn(text: string, maxTokens: number): { tokens: number; complete: boolean } {
  if (text.length > turnCharLimit(maxTokens))
    return { tokens: Math.ceil(text.length / MAX_CHARS_PER_TOKEN), complete: false };
  return countWithin(text, maxTokens, SPLIT, countTokens);
}

/** Whether a turn fits a token limit (measureTurn's rule). */
export function turnFits(text: string, maxTokens: number): boolean {
  const { tokens, complete } = measureTurn(text, maxTokens);
  return complete && tokens <= maxTokens;
}

/** The tokens of a response: the sum over its written turns, as stored in `responses.token_count`. */
export function countResponseTokens(turns: readonly string[]): number {
  return turns.reduce((sum, t) => sum + countTurnTokens(t), 0);
}
