import { fillSlots, type PromptMessage } from "@/lib/conversation/types";

/**
 * One line of OpenAI chat fine-tuning JSONL: exactly `{"messages":[{"role","content"}…]}`, the
 * prompt's messages byte for byte with every slot filled, ending with the assistant's turn.
 */
export function renderOpenAiLine(messages: readonly PromptMessage[], turns: readonly string[]): string {
  return JSON.stringify({ messages: fillSlots(messages, turns) }) + "\n";
}
