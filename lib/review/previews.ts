import type { PromptMessage } from "@/lib/conversation/types";

/** How much of a text a list row renders: enough for three lines, and cheap for fifty rows of long texts. */
export const PREVIEW_CHARS = 400;

/** The start of a text, cut at a character (not a UTF-16 unit) and marked with an ellipsis when cut. */
export function previewText(text: string, chars = PREVIEW_CHARS): string {
  const all = Array.from(text);
  return all.length > chars ? `${all.slice(0, chars).join("").trimEnd()}…` : text;
}

/**
 * What a prompt asks, for a list row: the user message the first turn to write answers (the last
 * user message before the first slot), else the first message with text.
 */
export function promptQuestion(messages: readonly PromptMessage[]): string {
  const slot = messages.findIndex((m) => m.role === "assistant" && m.content === null);
  const before = slot < 0 ? messages : messages.slice(0, slot);
  const user = before.findLast((m) => m.role === "user");
  return user?.content ?? messages.find((m) => m.content)?.content ?? "";
}
