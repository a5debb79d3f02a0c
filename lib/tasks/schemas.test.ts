import { describe, expect, it } from "vitest";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { submitResponseSchema } from "@/lib/tasks/schemas";
import { countTurnTokens } from "@/lib/conversation/tokens";

describe("submitResponseSchema (shared by the writing form and the submit endpoint)", () => {
  const schema = submitResponseSchema({ slotCount: 2, maxResponseTokens: 10 });

  it("accepts one non-empty turn per slot within the token limit", () => {
    expect(schema.safeParse({ turns: ["Short answer.", "Another one."] }).success).toBe(true);
  });

  it("rejects empty and whitespace-only turns", () => {
    const result = schema.safeParse({ turns: ["ok", "  \n\t"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["turns", 1]);
    expect(result.error?.issues[0]?.message).toMatch(/Write the response/);
  });

  it("counts tokens with o200k_base and rejects a turn one token over the limit", () => {
    const exactly10 = "one two three four five six seven eight nine ten";
    expect(countTurnTokens(exactly10)).toBe(encode(exactly10).length);
    expect(countTurnTokens(exactly10)).toBe(10);
    expect(schema.safeParse({ turns: [exactly10, "ok"] }).success).toBe(true);
    const result = schema.safeParse({ turns: [`${exactly10} eleven`, "ok"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/within 10 tokens/);
  });

  it("needs exactly as many turns as the task has slots", () => {
    expect(schema.safeParse({ turns: ["only one"] }).success).toBe(false);
    expect(schema.safeParse({ turns: ["a", "b", "c"] }).success).toBe(false);
  });
});
