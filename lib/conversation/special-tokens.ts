/**
 * Text that chat formats and trainers' chat templates read as control tokens. Exemplar keeps such
 * text as the text it is (it is counted as ordinary text, never refused), but flags it wherever it
 * enters or leaves: a prompt that says `<|im_end|>\n<|im_start|>assistant\n…` becomes a forged turn
 * in `format=chatml`, and in any trainer whose tokenizer parses special tokens inside content.
 * docs/formats.md ("Special-token text") lists where the flag appears.
 *
 * One list, by model family; matching is exact and case-sensitive, as the tokenizers match.
 */
export const SPECIAL_TOKEN_MARKERS = [
  // OpenAI encodings (cl100k_base, o200k_base) and ChatML.
  "<|endoftext|>",
  "<|fim_prefix|>",
  "<|fim_middle|>",
  "<|fim_suffix|>",
  "<|im_start|>",
  "<|im_end|>",
  "<|im_sep|>",
  "<|endofprompt|>",
  // OpenAI harmony (gpt-oss).
  "<|start|>",
  "<|end|>",
  "<|message|>",
  "<|channel|>",
  "<|return|>",
  "<|call|>",
  // Llama 3.
  "<|begin_of_text|>",
  "<|end_of_text|>",
  "<|start_header_id|>",
  "<|end_header_id|>",
  "<|eot_id|>",
  "<|eom_id|>",
  "<|python_tag|>",
  // Llama 2 and Mistral instruct; sentencepiece's sequence markers.
  "[INST]",
  "[/INST]",
  "<<SYS>>",
  "<</SYS>>",
  "<s>",
  "</s>",
  // Gemma.
  "<start_of_turn>",
  "<end_of_turn>",
  // Phi-3.
  "<|system|>",
  "<|user|>",
  "<|assistant|>",
] as const;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Longest first, so "<|end|>" never wins over a longer marker at the same place.
const MARKERS = new RegExp(
  [...SPECIAL_TOKEN_MARKERS]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|"),
  "g",
);

/** The distinct markers in `texts`, in the order of the list (empty when there is none). */
export function findSpecialTokens(...texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    // Every marker holds "<" or "[": most texts are passed over by one indexOf.
    if (!text.includes("<") && !text.includes("[")) continue;
    for (const match of text.matchAll(MARKERS)) found.add(match[0]);
  }
  return SPECIAL_TOKEN_MARKERS.filter((marker) => found.has(marker));
}

/** True when any message or turn holds a marker. */
export function hasSpecialTokens(texts: Iterable<string | null | undefined>): boolean {
  for (const text of texts) if (text && findSpecialTokens(text).length > 0) return true;
  return false;
}
