import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { fillSlots, type PromptMessage } from "@/lib/conversation/types";
import { conversationSql, PROMPT_BEFORE_FINAL_SLOT_SQL } from "@/lib/export/sql/conversation";
import { toJson } from "@/lib/export/json";

// Every character JSON escapes, and those it must not (U+2028, non-ASCII, astral, DEL), in one place.
const CONTROL = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join("");
const TRICKY = [
  `controls ${CONTROL} end`,
  'quotes " and \\ backslash \\\\ and \\u0041 literally',
  "Grüße 日本語 🧪👩🏽‍💻 e\u0301 \u202Eright-to-left\u202C zero\u200Bwidth \u007F del",
  "line\u2028separator and paragraph\u2029separator",
  "<script>alert(1)</script> </b> & &amp; ```js\nconst x = 1;\n```\n\ttabs   ",
];

async function sqlConversation(messages: PromptMessage[], turns: string[]): Promise<string> {
  const slotCount = messages.filter((m) => m.role === "assistant" && m.content === null).length;
  const { rows } = await pool().query<{ conversation: string }>(
    // Materialized, so the values are columns as in the real query (the planner folds parameters into constants).
    `WITH p AS MATERIALIZED (SELECT $1::jsonb AS messages, $2::int AS slot_count), t AS MATERIALIZED (SELECT $3::jsonb AS turns)
     SELECT ${conversationSql("t.turns")} AS conversation FROM p, t`,
    [JSON.stringify(messages), slotCount, JSON.stringify(turns)],
  );
  return rows[0]!.conversation;
}

describe("the conversation built in SQL", () => {
  it("is byte for byte what toJson writes for the filled conversation, whatever the text", async () => {
    const messages: PromptMessage[] = [
      { role: "system", content: TRICKY[0]! },
      { role: "user", content: TRICKY[1]! },
      { role: "assistant", content: null },
    ];
    for (const turn of TRICKY) {
      const text = await sqlConversation(messages, [turn]);
      expect(text).toBe(toJson(fillSlots(messages, [turn])));
      expect(JSON.parse(text)).toEqual(fillSlots(messages, [turn]));
    }
  });

  it("fills several slots in order and keeps written assistant turns", async () => {
    const messages: PromptMessage[] = [
      { role: "user", content: TRICKY[2]! },
      { role: "assistant", content: null },
      { role: "user", content: "next" },
      { role: "assistant", content: "given by the prompt" },
      { role: "user", content: TRICKY[3]! },
      { role: "assistant", content: null },
      { role: "user", content: "last" },
      { role: "assistant", content: null },
    ];
    const turns = ["first", TRICKY[4]!, "third"];
    expect(await sqlConversation(messages, turns)).toBe(toJson(fillSlots(messages, turns)));
  });

  it("gives the shared prompt of a preference pair: every message before the final slot", async () => {
    const messages: PromptMessage[] = [
      { role: "system", content: TRICKY[2]! },
      { role: "user", content: TRICKY[0]! },
      { role: "assistant", content: null },
    ];
    const { rows } = await pool().query<{ prompt: string }>(
      `SELECT ${PROMPT_BEFORE_FINAL_SLOT_SQL} AS prompt FROM (SELECT $1::jsonb AS messages) p`,
      [JSON.stringify(messages)],
    );
    expect(rows[0]!.prompt).toBe(toJson(messages.slice(0, 2)));
  });
});

describe("a response with fewer turns than slots", () => {
  it("fails the query instead of dropping a message", async () => {
    const one: PromptMessage[] = [
      { role: "user", content: "q" },
      { role: "assistant", content: null },
    ];
    await expect(sqlConversation(one, [])).rejects.toThrow(/fewer turns than its prompt has 1 slots/);
    const two: PromptMessage[] = [...one, { role: "user", content: "r" }, { role: "assistant", content: null }];
    await expect(sqlConversation(two, ["only one"])).rejects.toThrow(/fewer turns than its prompt has 2 slots/);
  });
});
