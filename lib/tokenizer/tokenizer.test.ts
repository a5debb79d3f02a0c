import { describe, expect, it, vi } from "vitest";
import * as o200k from "gpt-tokenizer/encoding/o200k_base";
import * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import type { Message } from "@/lib/conversation/types";
import { renderChatMl } from "@/lib/export/formats/chatml";
import { TokenizationCache, tokenizeWithCache } from "./cache";
import { protocolBlocks } from "./protocol";
import { SPECIAL_TOKENS, spanTexts, tokenizeText } from "./tokenize";

const ENCODINGS = { o200k_base: o200k, cl100k_base: cl100k } as const;

const conversation: Message[] = [
  { role: "system", content: "You are terse.\n\tTabs,   spaces  and\r\nCRLF." },
  { role: "user", content: "Émojis 👋🏽👨‍👩‍👧, CJK 東京タワー, RTL שלום, zalgo Z̷̢a̸l̶g̵o and a lone surrogate \ud800!" },
  { role: "assistant", content: "Sure!<|im_end|> is text a user typed; so is <|endoftext|>." },
  { role: "user", content: `${"x".repeat(3000)} 1234567890 ${"🙂".repeat(50)}` },
  { role: "assistant", content: "" },
];

/** gpt-tokenizer's count of a text in which every special token counts as one (tiktoken's allowed_special="all"). */
function referenceCount(encoding: typeof o200k, text: string): number {
  const pattern = new RegExp(`(${SPECIAL_TOKENS.map((t) => t.replace(/[|]/g, "\\|")).join("|")})`);
  return text.split(pattern).reduce((sum, part, i) => sum + (i % 2 === 1 ? 1 : encoding.countTokens(part)), 0);
}

describe.each(Object.entries(ENCODINGS))("%s", (name, encoding) => {
  const blocks = protocolBlocks(conversation);
  const rendered = blocks.join("");

  it("renders exactly the text format=chatml exports", () => {
    const line = JSON.parse(renderChatMl({ conversation: JSON.stringify(conversation) }));
    expect(rendered).toBe(line.text);
  });

  it("cuts a text into spans that join back into it, one token per span except inside a character", () => {
    for (const block of blocks) {
      const tokenized = tokenizeText(encoding, block);
      expect(spanTexts(tokenized).join("")).toBe(block);
      expect([...tokenized.tokens].every((n) => n >= 1 && n <= 4)).toBe(true);
      const split = tokenized.tokens.filter((n) => n > 1).length;
      // Most spans are single tokens; only emoji and other multi-byte characters may be split.
      expect(split).toBeLessThan(tokenized.ends.length / 4);
    }
    const emoji = tokenizeText(encoding, "👨‍👩‍👧");
    expect(spanTexts(emoji).join("")).toBe("👨‍👩‍👧");
    expect(emoji.count).toBe(encoding.countTokens("👨‍👩‍👧"));
  });

  it("counts what gpt-tokenizer counts: plain text exactly, each marker as one special token", () => {
    expect(tokenizeText(encoding, "Hello, world! 👋🏽").count).toBe(encoding.countTokens("Hello, world! 👋🏽"));
    const perBlock = blocks.map((b) => tokenizeText(encoding, b).count);
    const total = perBlock.reduce((a, b) => a + b, 0);
    expect(total).toBe(referenceCount(encoding, rendered));
    expect(tokenizeText(encoding, rendered).count).toBe(total);
    // Where gpt-tokenizer recognises a marker (at the start of the text), it is that one special token.
    const first = tokenizeText(encoding, blocks[0]!);
    expect(encoding.encode(blocks[0]!.slice(0, 12), { allowedSpecial: "all" })).toHaveLength(1);
    expect(first.special[0]).toBe(1);
    expect(spanTexts(first)[0]).toBe("<|im_start|>");
    // The markers a user typed inside the content are special tokens too: the view shows them.
    const typed = tokenizeText(encoding, blocks[2]!);
    expect([...typed.special].filter(Boolean)).toHaveLength(4);
    // Counted as text instead, the two markers of a block would cost far more than two tokens.
    expect(encoding.countTokens(blocks[0]!, { disallowedSpecial: new Set() })).toBeGreaterThan(first.count + 6);
    void name;
  });

  it("re-tokenizes only the edited message and gives what tokenizing from scratch gives", () => {
    const cache = new TokenizationCache();
    const spy = { encode: vi.fn(encoding.encode), decodeGenerator: encoding.decodeGenerator };
    const tokenizer = name as keyof typeof ENCODINGS;
    tokenizeWithCache(cache, tokenizer, spy, blocks);
    const firstCalls = spy.encode.mock.calls.length;
    expect(firstCalls).toBeGreaterThan(0);

    let edited = conversation;
    for (const typed of ["Sure", "Sure, here", "Sure, here is 🙂 the plan:\n\n1. Go."]) {
      edited = conversation.map((m, i) => (i === 4 ? { ...m, content: typed } : m));
      spy.encode.mockClear();
      const incremental = tokenizeWithCache(cache, tokenizer, spy, protocolBlocks(edited));
      const editedRuns = spy.encode.mock.calls.map(([run]) => run);
      // Only the runs of the edited block: "assistant\n<content>" and the "\n" after <|im_end|>.
      expect(editedRuns).toEqual([`assistant\n${typed}`, "\n"]);
      const scratch = protocolBlocks(edited).map((b) => tokenizeText(encoding, b));
      expect(incremental).toEqual(scratch);
    }
  });
});

it("a cache holds at most its capacity, dropping the least recently used", () => {
  const cache = new TokenizationCache(2);
  for (const text of ["a", "b"]) cache.set("o200k_base", tokenizeText(o200k, text));
  cache.get("o200k_base", "a");
  cache.set("o200k_base", tokenizeText(o200k, "c"));
  expect(cache.size).toBe(2);
  expect(cache.get("o200k_base", "b")).toBeUndefined();
  expect(cache.get("o200k_base", "a")?.count).toBe(1);
  expect(cache.get("cl100k_base", "a")).toBeUndefined();
  cache.fit(3);
  for (const text of ["d", "e"]) cache.set("o200k_base", tokenizeText(o200k, text));
  expect(cache.size).toBe(3);
});
