import type { Message } from "@/lib/conversation/types";
import { toJson } from "@/lib/export/json";
import { isPlainObject, parseConversation, type LineCheck, type ResponseLine } from "@/lib/export/formats/types";

/** ShareGPT (FastChat, Axolotl, LLaMA-Factory): `{"conversations":[{"from","value"}…]}`. */
const FROM = { system: "system", user: "human", assistant: "gpt" } as const;
const ROLE = { system: "system", human: "user", gpt: "assistant" } as const;

export function renderShareGpt(line: ResponseLine): string {
  const conversations = parseConversation(line.conversation).map((m) => ({ from: FROM[m.role], value: m.content }));
  return `${toJson(line.metadata === undefined ? { conversations } : { conversations, metadata: line.metadata })}\n`;
}

/**
 * Structural checks. Human and gpt turns should alternate (FastChat asserts it), but a prompt may hold
 * two user messages in a row, so that is a warning: the export keeps the conversation as written.
 */
export function checkShareGptLine(example: unknown): LineCheck {
  if (!isPlainObject(example)) return { errors: ["data_type"], warnings: [], messages: null };
  const turns = example.conversations;
  if (!Array.isArray(turns) || turns.length === 0)
    return { errors: ["missing_conversations_list"], warnings: [], messages: null };
  const errors = new Set<string>();
  const messages: Message[] = [];
  turns.forEach((turn, i) => {
    if (!isPlainObject(turn) || !("from" in turn) || !("value" in turn)) return void errors.add("turn_missing_key");
    const role = typeof turn.from === "string" ? ROLE[turn.from as keyof typeof ROLE] : undefined;
    if (!Object.hasOwn(ROLE, turn.from as string) || !role) return void errors.add("unrecognized_from");
    if (typeof turn.value !== "string" || turn.value.length === 0) errors.add("missing_value");
    if (role === "system" && i > 0) errors.add("system_not_first");
    messages.push({ role, content: String(turn.value) });
  });
  if (!messages.some((m) => m.role === "assistant")) errors.add("example_missing_gpt_turn");
  else if (messages.at(-1)?.role !== "assistant") errors.add("last_turn_not_gpt");
  const dialogue = messages.filter((m) => m.role !== "system");
  const alternates = dialogue.every((m, i) => m.role === (i % 2 === 0 ? "user" : "assistant"));
  return {
    errors: [...errors],
    warnings: alternates ? [] : ["turns_not_alternating"],
    messages: errors.size === 0 ? messages : null,
  };
}
