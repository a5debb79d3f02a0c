import { describe, expect, it } from "vitest";
import type { Message } from "@/lib/conversation/types";
import { LINE_CHECKERS, RESPONSE_RENDERERS, renderPreferenceLine } from "@/lib/export/formats";
import type { ExportFormat } from "@/lib/export/schemas";
import { toJson } from "@/lib/export/json";

const conversation: Message[] = [
  { role: "system", content: "Be brief. Grüße 🧪" },
  { role: "user", content: "What is 日本語?" },
  { role: "assistant", content: "A language." },
  { role: "user", content: 'Say "hi"\nin it\u2028please' },
  { role: "assistant", content: "こんにちは <b>\\</b>" },
];
const line = { conversation: toJson(conversation) };
const parse = (text: string) => {
  expect(text.endsWith("\n")).toBe(true);
  expect(text.slice(0, -1)).not.toContain("\n");
  return JSON.parse(text);
};

describe("format renderers", () => {
  it("openai: the messages as they are", () => {
    expect(RESPONSE_RENDERERS.openai(line)).toBe(`{"messages": ${toJson(conversation)}}\n`);
    expect(
      RESPONSE_RENDERERS.openai({
        conversation: '[{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]',
      }),
    ).toBe('{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}\n');
  });

  it("sharegpt: system, human and gpt turns", () => {
    expect(parse(RESPONSE_RENDERERS.sharegpt(line))).toEqual({
      conversations: [
        { from: "system", value: "Be brief. Grüße 🧪" },
        { from: "human", value: "What is 日本語?" },
        { from: "gpt", value: "A language." },
        { from: "human", value: 'Say "hi"\nin it\u2028please' },
        { from: "gpt", value: "こんにちは <b>\\</b>" },
      ],
    });
  });

  it("chatml: one text of <|im_start|>role\\ncontent<|im_end|>\\n blocks", () => {
    expect(parse(RESPONSE_RENDERERS.chatml(line))).toEqual({
      text:
        "<|im_start|>system\nBe brief. Grüße 🧪<|im_end|>\n<|im_start|>user\nWhat is 日本語?<|im_end|>\n" +
        '<|im_start|>assistant\nA language.<|im_end|>\n<|im_start|>user\nSay "hi"\nin it\u2028please<|im_end|>\n' +
        "<|im_start|>assistant\nこんにちは <b>\\</b><|im_end|>\n",
    });
  });

  it("prompt-completion: everything before the last assistant turn, then that turn", () => {
    expect(parse(RESPONSE_RENDERERS["prompt-completion"](line))).toEqual({
      prompt: conversation.slice(0, 4),
      completion: [conversation[4]],
    });
  });

  it("preference: the shared prompt and the two answers", () => {
    const rendered = renderPreferenceLine({
      prompt: toJson(conversation.slice(0, 2)),
      chosen: 'Good "one"',
      rejected: "Bad",
    });
    expect(rendered).toBe(
      `{"prompt": ${toJson(conversation.slice(0, 2))}, "chosen": [{"role": "assistant", "content": "Good \\"one\\""}], "rejected": [{"role": "assistant", "content": "Bad"}]}\n`,
    );
  });

  it("puts metadata last when asked for", () => {
    const metadata = { promptId: "p" };
    for (const render of Object.values(RESPONSE_RENDERERS)) {
      const parsed = parse(render({ ...line, metadata }));
      expect(Object.keys(parsed).at(-1)).toBe("metadata");
      expect(parsed.metadata).toEqual(metadata);
    }
  });

  it("writes lines every checker accepts", () => {
    for (const [format, render] of Object.entries(RESPONSE_RENDERERS)) {
      const check = LINE_CHECKERS[format as ExportFormat](parse(render(line)));
      expect(check.errors, format).toEqual([]);
      expect(check.messages, format).toEqual(conversation);
    }
    const pair = renderPreferenceLine({ prompt: toJson(conversation.slice(0, 2)), chosen: "a", rejected: "b" });
    expect(LINE_CHECKERS.preference(parse(pair)).errors).toEqual([]);
  });
});

describe("toJson", () => {
  it("writes jsonb's text layout: a space after every : and , and JSON.stringify's escaping", () => {
    const value = { a: [1, 'x"\n\u2028', null, true], b: { c: {} }, d: [], e: undefined, f: new Date(0) };
    expect(toJson(value)).toBe(
      '{"a": [1, "x\\"\\n\u2028", null, true], "b": {"c": {}}, "d": [], "f": "1970-01-01T00:00:00.000Z"}',
    );
    expect(JSON.parse(toJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe("format checkers", () => {
  const user = { role: "user", content: "q" };
  const assistant = { role: "assistant", content: "a" };
  it.each<[ExportFormat, unknown, string]>([
    ["openai", [], "data_type"],
    ["openai", { messages: [] }, "missing_messages_list"],
    ["openai", { messages: [{ role: "user" }, assistant] }, "message_missing_key"],
    ["openai", { messages: [{ ...user, extra: 1 }, assistant] }, "message_unrecognized_key"],
    ["openai", { messages: [{ role: "robot", content: "x" }, assistant] }, "unrecognized_role"],
    ["openai", { messages: [{ role: "user", content: "" }, assistant] }, "missing_content"],
    ["openai", { messages: [user] }, "example_missing_assistant_message"],
    ["sharegpt", "text", "data_type"],
    ["sharegpt", { conversations: [] }, "missing_conversations_list"],
    ["sharegpt", { conversations: [{ from: "human" }] }, "turn_missing_key"],
    [
      "sharegpt",
      {
        conversations: [
          { from: "user", value: "q" },
          { from: "gpt", value: "a" },
        ],
      },
      "unrecognized_from",
    ],
    [
      "sharegpt",
      {
        conversations: [
          { from: "human", value: "" },
          { from: "gpt", value: "a" },
        ],
      },
      "missing_value",
    ],
    [
      "sharegpt",
      {
        conversations: [
          { from: "human", value: "q" },
          { from: "system", value: "s" },
          { from: "gpt", value: "a" },
        ],
      },
      "system_not_first",
    ],
    ["sharegpt", { conversations: [{ from: "human", value: "q" }] }, "example_missing_gpt_turn"],
    [
      "sharegpt",
      {
        conversations: [
          { from: "human", value: "q" },
          { from: "gpt", value: "a" },
          { from: "human", value: "q" },
        ],
      },
      "last_turn_not_gpt",
    ],
    ["chatml", 1, "data_type"],
    ["chatml", { text: "" }, "missing_text"],
    ["chatml", { text: "<|im_start|>user\nq<|im_end|>\nloose text" }, "malformed_chatml"],
    ["chatml", { text: "<|im_start|>robot\nq<|im_end|>\n" }, "unrecognized_role"],
    ["chatml", { text: "<|im_start|>user\n<|im_end|>\n<|im_start|>assistant\na<|im_end|>\n" }, "missing_content"],
    ["chatml", { text: "<|im_start|>user\nq<|im_end|>\n" }, "example_missing_assistant_message"],
    ["prompt-completion", null, "data_type"],
    ["prompt-completion", { prompt: [], completion: [assistant] }, "missing_prompt"],
    ["prompt-completion", { prompt: [user, assistant], completion: [assistant] }, "prompt_not_ending_with_user"],
    ["prompt-completion", { prompt: [user], completion: [assistant, assistant] }, "completion_not_one_message"],
    ["prompt-completion", { prompt: [user], completion: [user] }, "completion_not_assistant"],
    ["prompt-completion", { prompt: [user], completion: [{ role: "assistant", content: "" }] }, "missing_content"],
    ["preference", { prompt: [user], chosen: [assistant] }, "rejected_not_one_message"],
    ["preference", { prompt: [user], chosen: [user], rejected: [assistant] }, "chosen_not_assistant"],
    ["preference", { prompt: [user], chosen: [assistant], rejected: [assistant] }, "chosen_equals_rejected"],
    [
      "preference",
      { prompt: [{ role: "user", content: 3 }], chosen: [assistant], rejected: [{ role: "assistant", content: "b" }] },
      "missing_content",
    ],
  ])("%s: %j is %s", (format, example, error) => {
    expect(LINE_CHECKERS[format](example).errors).toContain(error);
  });

  it("warns, without failing, when ShareGPT turns do not alternate", () => {
    const check = LINE_CHECKERS.sharegpt({
      conversations: [
        { from: "human", value: "a" },
        { from: "human", value: "b" },
        { from: "gpt", value: "c" },
      ],
    });
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual(["turns_not_alternating"]);
  });
});
