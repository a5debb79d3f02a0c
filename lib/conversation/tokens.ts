import { countTokens } from "gpt-tokenizer/encoding/o200k_base";

/**
 * Tokens of one written turn, counted with o200k_base (the encoding of current OpenAI chat
 * models). The same function runs in the browser for the live count and on the server for
 * the limit, so the two can never disagree.
 */
export function countTurnTokens(text: string): number {
  return countTokens(text);
}

/** The tokens of a response: the sum over its written turns, as stored in `responses.token_count`. */
export function countResponseTokens(turns: readonly string[]): number {
  return turns.reduce((sum, t) => sum + countTurnTokens(t), 0);
}
