import { describe, expect, it } from "vitest";
import { conversationBefore, firstOpenTurn } from "@/lib/assistant/conversation";
import type { PromptMessage } from "@/lib/conversation/types";

const scripted: PromptMessage[] = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Hi" },
  { role: "assistant", content: null },
  { role: "user", content: "And then?" },
  { role: "assistant", content: null },
];

describe("the conversation a model is asked to continue", () => {
  it("stops before the slot and carries the labeler's own earlier turns", () => {
    expect(conversationBefore(scripted, ["Hello!", ""], 1, null)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "And then?" },
    ]);
    expect(conversationBefore(scripted, [], 0, null)).toEqual(scripted.slice(0, 2));
  });

  it("replaces the prompt's system message with the connection's, or puts it first", () => {
    expect(conversationBefore(scripted, [], 0, "Answer in French.")).toEqual([
      { role: "system", content: "Answer in French." },
      { role: "user", content: "Hi" },
    ]);
    expect(conversationBefore(scripted.slice(1), [], 0, "Answer in French.")[0]).toEqual({
      role: "system",
      content: "Answer in French.",
    });
  });

  it("finds the first turn without text", () => {
    expect(firstOpenTurn(2, [])).toBe(0);
    expect(firstOpenTurn(2, ["Hello!", "  "])).toBe(1);
    expect(firstOpenTurn(2, ["Hello!", "Bye"])).toBeNull();
  });
});
