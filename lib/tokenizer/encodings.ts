import { z } from "zod";

/**
 * The encodings a project can count in: o200k_base (GPT-4o, GPT-4.1, o-series) by
 * default, cl100k_base (GPT-4, GPT-3.5) as the option. Stored in `projects.tokenizer`.
 */
export const TOKENIZERS = ["o200k_base", "cl100k_base"] as const;
export type Tokenizer = (typeof TOKENIZERS)[number];
const DEFAULT_TOKENIZER: Tokenizer = "o200k_base";

export const TokenizerName = z.enum(TOKENIZERS, "Choose o200k_base or cl100k_base");

export const TOKENIZER_LABELS: Record<Tokenizer, string> = {
  o200k_base: "o200k_base (GPT-4o, GPT-4.1, o-series)",
  cl100k_base: "cl100k_base (GPT-4, GPT-3.5)",
};

/** The column is free text: a value this version does not know counts in the default encoding. */
export function asTokenizer(value: string | null | undefined): Tokenizer {
  return (TOKENIZERS as readonly string[]).includes(value ?? "") ? (value as Tokenizer) : DEFAULT_TOKENIZER;
}
