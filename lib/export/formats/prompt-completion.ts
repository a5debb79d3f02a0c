import type { Message } from "@/lib/conversation/types";
import { toJson } from "@/lib/export/json";
import { checkMessages } from "@/lib/export/validate-openai";
import { isPlainObject, parseConversation, type LineCheck, type ResponseLine } from "@/lib/export/formats/types";

/**
 * TRL's conversational prompt-completion: `prompt` is every message before the last assistant turn
 * (earlier written turns included), `completion` is that last turn alone, the one the loss is on.
 */
export function renderPromptCompletion(line: ResponseLine): string {
  const messages = parseConversation(line.conversation);
  const last = messages.findLastIndex((m) => m.role === "assistant");
  const body = { prompt: messages.slice(0, last), completion: messages.slice(last, last + 1) };
  return `${toJson(line.metadata === undefined ? body : { ...body, metadata: line.metadata })}\n`;
}

export function checkPromptCompletionLine(example: unknown): LineCheck {
  if (!isPlainObject(example)) return { errors: ["data_type"], warnings: [], messages: null };
  const errors = new Set<string>(checkPromptAndAnswers(example.prompt, { completion: example.completion }));
  const messages = errors.size === 0 ? [...(example.prompt as Message[]), ...(example.completion as Message[])] : null;
  return { errors: [...errors], warnings: [], messages };
}

/**
 * Shared with the preference format: a non-empty prompt of valid messages ending with the user's turn,
 * and each answer list exactly one assistant message.
 */
export function checkPromptAndAnswers(prompt: unknown, answers: Record<string, unknown>): string[] {
  const errors = new Set<string>();
  if (!Array.isArray(prompt) || prompt.length === 0) errors.add("missing_prompt");
  else {
    for (const e of checkMessages(prompt)) errors.add(e);
    if ((prompt.at(-1) as { role?: unknown } | undefined)?.role !== "user") errors.add("prompt_not_ending_with_user");
  }
  for (const [key, answer] of Object.entries(answers)) {
    if (!Array.isArray(answer) || answer.length !== 1) {
      errors.add(`${key}_not_one_message`);
      continue;
    }
    for (const e of checkMessages(answer)) errors.add(e);
    if ((answer[0] as { role?: unknown }).role !== "assistant") errors.add(`${key}_not_assistant`);
  }
  return [...errors];
}
