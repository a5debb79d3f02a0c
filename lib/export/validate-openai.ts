/**
 * The OpenAI chat fine-tuning format checks, with the error names of the OpenAI cookbook's
 * data-preparation notebook (../shared/docs/formats.md). Our export must never trip one.
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
  const errors = new Set<FormatError>();
  if (typeof example !== "object" || example === null || Array.isArray(example)) return ["data_type"];
  const messages = (example as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length === 0) return ["missing_messages_list"];
  for (const message of messages) {
    if (typeof message !== "object" || message === null) {
      errors.add("message_missing_key");
      continue;
    }
    const m = message as Record<string, unknown>;
    if (!("role" in m) || !("content" in m)) errors.add("message_missing_key");
    if (Object.keys(m).some((k) => !ALLOWED_KEYS.has(k))) errors.add("message_unrecognized_key");
    if (typeof m.role !== "string" || !ROLES.has(m.role)) errors.add("unrecognized_role");
    if ((typeof m.content !== "string" || m.content.length === 0) && !m.function_call) errors.add("missing_content");
  }
  if (!messages.some((m) => (m as { role?: unknown })?.role === "assistant")) {
    errors.add("example_missing_assistant_message");
  }
  return [...errors];
}
