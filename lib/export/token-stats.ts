import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import type { Message } from "@/lib/conversation/types";
import { boundedCount, TOKEN_SPLIT } from "@/lib/tokenizer/bounded";

/**
 * The OpenAI cookbook's token estimate for chat fine-tuning data (Chat_finetuning_data_prep.ipynb):
 * cl100k_base, 3 tokens per message plus the tokens of each value (role and content; +1 for a name),
 * plus 3 per example. The notebook says itself that this is an estimate, not the exact count.
 * Special-token text in content (e.g. "<|im_end|>") is counted as the plain text it is, and a file
 * is read in time linear in its size whatever its lines hold (lib/tokenizer/bounded.ts).
 */
export function countText(text: string): number {
  return boundedCount(text, TOKEN_SPLIT.cl100k_base, countTokens);
}

export function exampleTokens(messages: readonly Message[]): { total: number; assistant: number } {
  let total = 3;
  let assistant = 0;
  for (const m of messages as readonly (Message & { name?: string })[]) {
    const content = countText(m.content);
    total += 3 + countText(m.role) + content + (typeof m.name === "string" ? countText(m.name) + 1 : 0);
    if (m.role === "assistant") assistant += content;
  }
  return { total, assistant };
}

/**
 * A distribution of whole numbers kept as value → count, so min, median and p90 are exact in memory
 * bounded by the number of distinct values, not of examples.
 */
export class Histogram {
  private counts = new Map<number, number>();
  size = 0;

  add(value: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.size++;
  }

  /** numpy's default (linear) quantile, as the notebook's np.median and np.quantile compute it. */
  quantile(q: number): number | null {
    if (this.size === 0) return null;
    const position = q * (this.size - 1);
    const lower = Math.floor(position);
    const [a, b] = this.valuesAt(lower, Math.min(lower + 1, this.size - 1));
    return a + (b - a) * (position - lower);
  }

  summary() {
    return { min: this.quantile(0), median: this.quantile(0.5), p90: this.quantile(0.9), max: this.quantile(1) };
  }

  /** The values at two ranks (0-based, i ≤ j) of the sorted data. */
  private valuesAt(i: number, j: number): [number, number] {
    const keys = [...this.counts.keys()].sort((x, y) => x - y);
    let seen = 0;
    let vi: number | undefined;
    for (const key of keys) {
      seen += this.counts.get(key)!;
      if (vi === undefined && seen > i) vi = key;
      if (seen > j) return [vi!, key];
    }
    throw new Error("rank out of range");
  }
}
