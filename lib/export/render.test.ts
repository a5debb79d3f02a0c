import { describe, expect, it } from "vitest";
import { renderOpenAiLine } from "@/lib/export/render";
import { checkOpenAiExample } from "@/lib/export/validate-openai";
import type { PromptMessage } from "@/lib/conversation/types";

const tricky = [
  "Unicode: Grüße, 日本語, emoji 🧪, combining e\u0301, RTL \u202Eabc",
  "Line separators \u2028 and \u2029 inside",
  "```python\nprint('<b>hi</b>')\n```\n\ttabs and trailing spaces   ",
  "HTML-like <img src=x onerror=alert(1)> & \"quotes\" \\ backslash",
];

describe("renderOpenAiLine", () => {
  it("fills every slot in order and keeps every prompt message byte for byte", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: tricky[0]! },
      { role: "user", content: tricky[1]! },
      { role: "assistant", content: null },
      { role: "user", content: tricky[2]! },
      { role: "assistant", content: null },
    ];
    const line = renderOpenAiLine(messages, ["first answer", tricky[3]!]);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(["messages"]);
    expect(parsed.messages).toEqual([
      { role: "system", content: tricky[0] },
      { role: "user", content: tricky[1] },
      { role: "assistant", content: "first answer" },
      { role: "user", content: tricky[2] },
      { role: "assistant", content: tricky[3] },
    ]);
    expect(checkOpenAiExample(parsed)).toEqual([]);
  });

  it("keeps written assistant turns of the prompt as they are", () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "a" },
      { role: "assistant", content: "given" },
      { role: "user", content: "b" },
      { role: "assistant", content: null },
    ];
    expect(JSON.parse(renderOpenAiLine(messages, ["mine"])).messages.map((m: { content: string }) => m.content)).toEqual([
      "a",
      "given",
      "b",
      "mine",
    ]);
  });

  it("refuses a response whose turns do not match the slots", () => {
    const messages: PromptMessage[] = [{ role: "user", content: "a" }, { role: "assistant", content: null }];
    expect(() => renderOpenAiLine(messages, [])).toThrow();
    expect(() => renderOpenAiLine(messages, ["x", "y"])).toThrow();
  });
});

describe("checkOpenAiExample", () => {
  it.each([
    [[], "data_type"],
    [{}, "missing_messages_list"],
    [{ messages: [] }, "missing_messages_list"],
    [{ messages: [{ role: "user" }, { role: "assistant", content: "x" }] }, "message_missing_key"],
    [{ messages: [{ role: "user", content: "x", extra: 1 }, { role: "assistant", content: "y" }] }, "message_unrecognized_key"],
    [{ messages: [{ role: "robot", content: "x" }, { role: "assistant", content: "y" }] }, "unrecognized_role"],
    [{ messages: [{ role: "user", content: "" }, { role: "assistant", content: "y" }] }, "missing_content"],
    [{ messages: [{ role: "user", content: "x" }] }, "example_missing_assistant_message"],
  ])("reports %j as %s", (example, error) => {
    expect(checkOpenAiExample(example)).toContain(error);
  });
});
