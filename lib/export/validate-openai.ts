import type { Message } from "@/lib/conversation/types";
import { isPlainObject, type LineCheck } from "@/lib/export/formats/types";

/**
 * The OpenAI chat fine-tuning format checks, with the error names of the OpenAI cookbook's
 * data-preparation notebook (docs/formats.md, "Checking a file"). Our export must never trip one.
 */
export type FormatError =
  | "data_type"
  | "missing_messages_list"
  | "message_missing_key"
  | "message_unrecognized_key"
  | "unrecognized_role"
  | "missing_content"
  | "example_missing_assistant_message";

const ALLOWED_KEYS = new Set(["role", "content", "name", "function_call", "weight"]);
const ROLES = new Set(["system", "user", "assistant", "function"]);

export function checkOpenAiExample(example: unknown): FormatError[] {
  if (!isPlainObject(example)) return ["data_type"];
  const messages = example.messages;
  if (!Array.isArray(messages) || messages.length === 0) return ["missing_messages_list"];
  const errors = new Set(checkMessages(messages));
  if (!messages.some((m) => (m as { role?: unknown })?.role === "assistant")) {
    errors.add("example_missing_assistant_message");
  }
  return [...errors];
}

/** The cookbook's per-message checks, shared by every format that carries OpenAI-style messages. */
export function checkMessages(messages: readonly unknown[]): FormatError[] {
  const errors = new Set<FormatError>();
  for (const message of messages) {
    if (!isPlainObject(message)) {
      errors.add("message_missing_key");
      continue;
    }
    if (!("role" in message) || !("content" in message)) errors.add("message_missing_key");
    if (Object.keys(message).some((k) => !ALLOWED_KEYS.has(k))) errors.add("message_unrecognized_key");
    if (typeof message.role !== "string" || !ROLES.has(message.role)) errors.add("unrecognized_role");
    if ((typeof message.content !== "string" || message.content.length === 0) && !message.function_call) {
      errors.add("missing_content");
    }
  }
  return [...errors];
}

/** The openai checker for the file validator: the cookbook's errors, and the messages to count. */
export function checkOpenAiLine(example: unknown): LineCheck {
  const errors = checkOpenAiExample(example);
  const messages = errors.length === 0 ? (example as { messages: Message[] }).messages : null;
  return { errors, warnings: [], messages };
}
