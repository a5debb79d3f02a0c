import { describe, expect, it } from "vitest";
import { previewText, promptQuestion } from "@/lib/review/previews";

describe("list previews", () => {
  it("picks the user message the first slot answers", () => {
    expect(
      promptQuestion([
        { role: "system", content: "Be brief." },
        { role: "user", content: "First?" },
        { role: "assistant", content: "Given." },
        { role: "user", content: "Second?" },
        { role: "assistant", content: null },
        { role: "user", content: "Third?" },
        { role: "assistant", content: null },
      ]),
    ).toBe("Second?");
    expect(promptQuestion([{ role: "system", content: "Only a system message." }])).toBe("Only a system message.");
  });

  it("cuts long texts at a character, with an ellipsis", () => {
    expect(previewText("short", 10)).toBe("short");
    expect(previewText("🧪🧪🧪🧪", 2)).toBe("🧪🧪…");
  });
});
