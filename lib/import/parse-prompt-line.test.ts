import { describe, it, expect } from "vitest";
import { parsePromptLine, type ParsedPrompt } from "./parse-prompt-line";

function accepted(value: unknown): ParsedPrompt {
  const result = parsePromptLine(value);
  if (!result.ok) throw new Error(`expected the line to be accepted, got: ${result.message}`);
  return result.prompt;
}

function rejected(value: unknown): string {
  const result = parsePromptLine(value);
  if (result.ok) throw new Error(`expected the line to be rejected, got: ${JSON.stringify(result.prompt)}`);
  return result.message;
}

const SLOT = { role: "assistant", content: null };
const user = (content: unknown) => ({ role: "user", content });
const system = (content: unknown) => ({ role: "system", content });
const assistant = (content: unknown) => ({ role: "assistant", content });
const human = (value: unknown) => ({ from: "human", value });
const gpt = (value: unknown) => ({ from: "gpt", value });
const NUL = "must not contain a NUL character (\\u0000); PostgreSQL cannot store it";
const ROLE = 'must be "system", "user" or "assistant"';
const FROM = 'must be "system", "human" or "gpt"';
const FIRST = (name: string) =>
  `must be a ${name} message: only a system message may come before the first ${name} message`;
const END = (name: string) => `conversation ends with a written ${name} message; nothing left to write`;

describe("accepted shapes", () => {
  it.each<[string, unknown, unknown[]]>([
    ["prompt", { prompt: "Hi" }, [user("Hi"), SLOT]],
    ["prompt + system", { prompt: "Hi", system: "Be brief." }, [system("Be brief."), user("Hi"), SLOT]],
    ["messages ending with a user message", { messages: [user("Hi")] }, [user("Hi"), SLOT]],
    [
      "messages with system and a written reply",
      { messages: [system("S"), user("A"), assistant("B"), user("C")] },
      [system("S"), user("A"), assistant("B"), user("C"), SLOT],
    ],
    [
      "messages with null slots",
      { messages: [user("A"), assistant(null), user("B"), assistant(null)] },
      [user("A"), SLOT, user("B"), SLOT],
    ],
    ["messages with two user messages in a row", { messages: [user("A"), user("B")] }, [user("A"), user("B"), SLOT]],
    ["turns", { turns: ["A"] }, [user("A"), SLOT]],
    ["turns + system", { turns: ["A", "B"], system: "S" }, [system("S"), user("A"), SLOT, user("B"), SLOT]],
    [
      "conversations, ignoring extra keys per item",
      {
        conversations: [
          { from: "system", value: "S", weight: 0 },
          { ...human("A"), markdown: null },
          gpt("B"),
          human("C"),
        ],
      },
      [system("S"), user("A"), assistant("B"), user("C"), SLOT],
    ],
    [
      'conversations with a "" gpt slot',
      { conversations: [human("A"), gpt(""), human("B")] },
      [user("A"), SLOT, user("B"), SLOT],
    ],
    ["conversations with a null gpt slot", { conversations: [human("A"), gpt(null)] }, [user("A"), SLOT]],
    ["conversations with a whitespace gpt slot", { conversations: [human("A"), gpt(" \n")] }, [user("A"), SLOT]],
  ])("%s", (_, value, messages) => {
    expect(accepted(value)).toEqual({ externalId: null, messages, metadata: {} });
  });

  it("keeps text exactly: whitespace, unicode, line separators, HTML-like text", () => {
    const texts = [
      "  lead and trail \n",
      "naïve café 日本語 🧪 e\u0301",
      "a\u2028b\u2029c",
      "<script>alert(1)</script> &amp;",
      "a\r\nb",
    ];
    for (const t of texts) {
      expect(accepted({ prompt: t, system: t }).messages).toEqual([system(t), user(t), SLOT]);
      expect(accepted({ turns: [t] }).messages).toEqual([user(t), SLOT]);
      expect(accepted({ messages: [user(t), assistant(t), user(t)] }).messages).toEqual([
        user(t),
        assistant(t),
        user(t),
        SLOT,
      ]);
      expect(accepted({ conversations: [human(t), gpt(t), human(t)] }).messages).toEqual([
        user(t),
        assistant(t),
        user(t),
        SLOT,
      ]);
    }
  });
});

describe("rejected lines", () => {
  it.each<[unknown, string]>([
    // the line as a whole
    [null, "expected a JSON object, got null"],
    [[{ prompt: "A" }], "expected a JSON object, got an array"],
    ["A", "expected a JSON object, got a string"],
    [1, "expected a JSON object, got a number"],
    [
      { instruction: "A", input: "", output: "B" },
      'expected one of the keys "prompt", "messages", "turns" or "conversations"',
    ],
    [
      { prompt: "A", messages: [] },
      'give only one of "prompt", "messages", "turns" or "conversations" (found "prompt" and "messages")',
    ],
    [
      { turns: [], conversations: [] },
      'give only one of "prompt", "messages", "turns" or "conversations" (found "turns" and "conversations")',
    ],
    // prompt
    ...[[""], ["  \n\t"], [null], [42], [[user("Hi")]]].map(([p]): [unknown, string] => [
      { prompt: p },
      "prompt must be a non-empty string",
    ]),
    ...[[""], [" "], [null], [["S"]]].map(([s]): [unknown, string] => [
      { prompt: "A", system: s },
      "system must be a non-empty string",
    ]),
    [{ turns: ["A"], system: "" }, "system must be a non-empty string"],
    // messages
    ...[[[]], ["Hi"], [null], [user("Hi")]].map(([m]): [unknown, string] => [
      { messages: m },
      "messages must be a non-empty array",
    ]),
    [{ messages: [user("A"), "B"] }, 'messages[1] must be an object with "role" and "content"'],
    [{ messages: [[]] }, 'messages[0] must be an object with "role" and "content"'],
    [
      { messages: [user("A"), { ...assistant(null), name: "bot" }] },
      'messages[1] has an unexpected key "name"; only "role" and "content" are allowed',
    ],
    [
      { messages: [{ ...user("A"), "": 1 }] },
      'messages[0] has an unexpected key ""; only "role" and "content" are allowed',
    ],
    [{ messages: [user("A"), { role: "tool", content: "x" }] }, `messages[1].role ${ROLE} (got "tool")`],
    [{ messages: [user("A"), { content: "x" }] }, `messages[1].role ${ROLE} (missing)`],
    [{ messages: [{ role: 1, content: "x" }] }, `messages[0].role ${ROLE} (got a number)`],
    [{ messages: [{ role: "x".repeat(50), content: "x" }] }, `messages[0].role ${ROLE} (got "${"x".repeat(40)}…")`],
    ...[[""], ["   "], [null], [7]].map(([c]): [unknown, string] => [
      { messages: [user(c)] },
      "messages[0].content must be a non-empty string",
    ]),
    [{ messages: [{ role: "user" }] }, "messages[0].content must be a non-empty string"],
    [{ messages: [system(""), user("A")] }, "messages[0].content must be a non-empty string"],
    ...[[""], [" \n"], [false]].map(([c]): [unknown, string] => [
      { messages: [user("A"), assistant(c)] },
      "messages[1].content must be a non-empty string or null (a slot)",
    ]),
    [
      { messages: [user("A"), { role: "assistant" }] },
      "messages[1].content must be a non-empty string or null (a slot)",
    ],
    [{ messages: [user("A"), assistant("B")] }, `messages[1]: ${END("assistant")}`],
    [{ messages: [user("A"), system("S")] }, "messages[1]: a system message is allowed only first"],
    [{ messages: [assistant("Hello"), user("A")] }, `messages[0] ${FIRST("user")}`],
    [{ messages: [system("S"), assistant(null)] }, `messages[1] ${FIRST("user")}`],
    [
      { messages: [user("A"), assistant("B"), assistant(null)] },
      "messages[2]: a slot (empty assistant message) must directly follow a user message",
    ],
    [{ messages: [system("S")] }, "messages must contain a user message"],
    [
      { messages: [user("A")], system: "S" },
      'system is not allowed with "messages"; put the system message in the list',
    ],
    // turns
    ...[[[]], ["A"], [null]].map(([t]): [unknown, string] => [
      { turns: t },
      "turns must be a non-empty array of strings",
    ]),
    ...[[""], ["  "], [3], [null]].map(([t]): [unknown, string] => [
      { turns: ["A", t] },
      "turns[1] must be a non-empty string",
    ]),
    // conversations
    [{ conversations: [] }, "conversations must be a non-empty array"],
    [{ conversations: [null] }, 'conversations[0] must be an object with "from" and "value"'],
    [{ conversations: [{ from: "bing", value: "A" }] }, `conversations[0].from ${FROM} (got "bing")`],
    [
      { conversations: [human("A"), { from: "assistant", value: "B" }] },
      `conversations[1].from ${FROM} (got "assistant")`,
    ],
    [{ conversations: [{ value: "A" }] }, `conversations[0].from ${FROM} (missing)`],
    [{ conversations: [human(" ")] }, "conversations[0].value must be a non-empty string"],
    [
      { conversations: [{ from: "system", value: "" }, human("A")] },
      "conversations[0].value must be a non-empty string",
    ],
    [{ conversations: [human("A"), { from: "gpt" }] }, "conversations[1].value must be a string or null (a slot)"],
    [{ conversations: [human("A"), gpt(["B"])] }, "conversations[1].value must be a string or null (a slot)"],
    [{ conversations: [human("A"), gpt("B")] }, `conversations[1]: ${END("gpt")}`],
    [
      { conversations: [human("A"), { from: "system", value: "S" }] },
      "conversations[1]: a system message is allowed only first",
    ],
    [{ conversations: [gpt("Hello"), human("A")] }, `conversations[0] ${FIRST("human")}`],
    [
      { conversations: [human("A"), gpt("B"), gpt(null)] },
      "conversations[2]: a slot (empty gpt message) must directly follow a human message",
    ],
    [{ conversations: [{ from: "system", value: "S" }] }, "conversations must contain a human message"],
    [
      { conversations: [human("A")], system: "S" },
      'system is not allowed with "conversations"; put the system message in the list',
    ],
    // NUL anywhere
    [{ prompt: "a\u0000b" }, `prompt ${NUL}`],
    [{ prompt: "A", system: "\u0000" }, `system ${NUL}`],
    [{ messages: [user("A"), assistant("B\u0000"), user("C")] }, `messages[1].content ${NUL}`],
    [{ turns: ["A", "B\u0000"] }, `turns[1] ${NUL}`],
    [{ conversations: [human("\u0000A")] }, `conversations[0].value ${NUL}`],
    [{ id: "x\u0000", prompt: "A" }, `id ${NUL}`],
    [{ prompt: "A", metadata: { tags: ["ok", "n\u0000"] } }, `metadata.tags[1] ${NUL}`],
    [{ prompt: "A", "source file": "\u0000" }, `["source file"] ${NUL}`],
    [{ prompt: "A", metadata: { "k\u0000": 1 } }, `the key metadata["k\\u0000"] ${NUL}`],
  ])("%j", (value, message) => {
    expect(rejected(value)).toBe(message);
  });
});

describe("id", () => {
  it.each([
    ["abc", "abc"],
    [" padded ", " padded "],
    [42, "42"],
    [0, "0"],
    [-7, "-7"],
  ])("stores %j as %j", (id, externalId) => {
    expect(accepted({ id, prompt: "A" }).externalId).toBe(externalId);
  });

  it.each([[""], ["   "], [1.5], [true], [null], [{}], [["a"]]])("rejects id %j", (id) => {
    expect(rejected({ id, prompt: "A" })).toBe("id must be a non-empty string or an integer");
  });

  it("rejects an integer that JSON.parse could not read exactly", () => {
    expect(rejected(JSON.parse('{"id": 12345678901234567890, "prompt": "A"}'))).toBe(
      "id is an integer too large to read exactly; write it as a string",
    );
  });
});

describe("metadata", () => {
  it("keeps unknown top-level keys, and the metadata object wins on conflict", () => {
    const prompt = accepted({
      id: "q",
      prompt: "A",
      category: "math",
      name: "n",
      metadata: { category: "algebra", level: 2 },
    });
    expect(prompt).toEqual({
      externalId: "q",
      messages: [user("A"), SLOT],
      metadata: { category: "algebra", name: "n", level: 2 },
    });
    expect(accepted({ question_id: 81, category: "writing", turns: ["A"] }).metadata).toEqual({
      question_id: 81,
      category: "writing",
    });
  });

  it.each([
    [[], "an array"],
    [null, "null"],
    ["x", "a string"],
  ])("rejects metadata %j", (metadata, kind) => {
    expect(rejected({ prompt: "A", metadata })).toBe(`metadata must be an object, got ${kind}`);
  });

  it("keeps a __proto__ key as plain data", () => {
    const prompt = accepted(JSON.parse('{"prompt": "A", "__proto__": {"polluted": true}}'));
    expect(Object.getPrototypeOf(prompt.metadata)).toBe(Object.prototype);
    expect(JSON.stringify(prompt.metadata)).toBe('{"__proto__":{"polluted":true}}');
  });

  it("rejects nesting deeper than it can walk", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(rejected({ prompt: "A", metadata: { deep } })).toBe(
      `metadata.deep${"[0]".repeat(64)} is nested too deeply (more than 64 levels)`,
    );
  });
});
