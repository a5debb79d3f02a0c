import type { Tokenizer } from "./encodings";
import { tokenizeText, type Encoding, type TokenizedText } from "./tokenize";
import { TOKEN_SPLIT } from "./bounded";

/**
 * Tokenized messages by encoding and exact text: while a labeler types, every message but the one
 * being written is found here, so only the edited turn is tokenized again (a 20,000-token
 * conversation stays responsive; docs/performance.md). Least recently used entries go first beyond `capacity` per encoding.
 */
export class TokenizationCache {
  // Keyed by the text itself (one map per encoding): a string reused from the last render keeps its
  // computed hash, so looking up an unchanged 10,000-token message costs nothing.
  private maps = new Map<Tokenizer, Map<string, TokenizedText>>();
  constructor(private capacity = 256) {}

  get(tokenizer: Tokenizer, text: string): TokenizedText | undefined {
    const map = this.maps.get(tokenizer);
    const hit = map?.get(text);
    if (hit) {
      map!.delete(text);
      map!.set(text, hit);
    }
    return hit;
  }

  set(tokenizer: Tokenizer, tokenized: TokenizedText): void {
    let map = this.maps.get(tokenizer);
    if (!map) this.maps.set(tokenizer, (map = new Map()));
    map.delete(tokenized.text);
    map.set(tokenized.text, tokenized);
    while (map.size > this.capacity) map.delete(map.keys().next().value!);
  }

  /** Room for at least `count` texts per encoding: a conversation must fit whole, or its lookups would evict each other. */
  fit(count: number): void {
    this.capacity = Math.max(this.capacity, count);
  }

  /** The texts this cache lacks, each once: what the worker is asked to tokenize (components/protocol/tokenizer-client.ts). */
  missing(tokenizer: Tokenizer, texts: readonly string[]): string[] {
    return [...new Set(texts.filter((text) => !this.get(tokenizer, text)))];
  }

  get size(): number {
    let size = 0;
    for (const map of this.maps.values()) size += map.size;
    return size;
  }
}

/**
 * Every text tokenized, reusing what the cache has and filling it with the rest: the same steps as the
 * browser's `tokenizeMissing` (`missing`, tokenize, `set`), done on this thread, so tests cover them.
 */
export function tokenizeWithCache(
  cache: TokenizationCache,
  tokenizer: Tokenizer,
  encoding: Encoding,
  texts: readonly string[],
): TokenizedText[] {
  const split = TOKEN_SPLIT[tokenizer];
  for (const text of cache.missing(tokenizer, texts)) cache.set(tokenizer, tokenizeText(encoding, text, split));
  return texts.map((text) => cache.get(tokenizer, text) ?? tokenizeText(encoding, text, split));
}
