import { fillSlots, type Message, type PromptMessage } from "@/lib/conversation/types";

/** The first slot (from 0) whose text is still empty, or null when every slot has text. */
export function firstOpenTurn(slotCount: number, turns: readonly string[]): number | null {
  for (let turn = 0; turn < slotCount; turn++) if (!(turns[turn] ?? "").trim()) return turn;
  return null;
}

/**
 * What the model reads to suggest slot `turn`: the prompt up to that slot, with the slots before it holding the
 * labeler's own text (a scripted multi-turn prompt goes on from what they wrote). `systemPrompt`, when set,
 * replaces the prompt's system message, or comes first when the prompt has none.
 */
export function conversationBefore(
  messages: readonly PromptMessage[],
  turns: readonly string[],
  turn: number,
  systemPrompt: string | null,
): Message[] {
  let slot = -1;
  const end = messages.findIndex((m) => m.role === "assistant" && m.content === null && ++slot === turn);
  if (end < 0) throw new Error(`conversationBefore: the prompt has no slot ${turn}`);
  const before = fillSlots(messages.slice(0, end), turns.slice(0, turn));
  if (systemPrompt === null) return before;
  return [{ role: "system", content: systemPrompt }, ...before.filter((m) => m.role !== "system")];
}
