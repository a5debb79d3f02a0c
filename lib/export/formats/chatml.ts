import type { Message } from "@/lib/conversation/types";
import { toJson } from "@/lib/export/json";
import { isPlainObject, parseConversation, type LineCheck, type ResponseLine } from "@/lib/export/formats/types";

/**
 * ChatML as the model sees it: each message is `<|im_start|>{role}\n{content}<|im_end|>\n`, in one
 * `{"text": …}` line for trainers that take plain text. No trailing generation prompt: the text ends
 * with the assistant's turn.
 */
export function renderChatMl(line: ResponseLine): string {
  const text = parseConversation(line.conversation).map(chatMlBlock).join("");
  return `${toJson(line.metadata === undefined ? { text } : { text, metadata: line.metadata })}\n`;
}

/** One message in ChatML; the writing screen's protocol view (lib/tokenizer/protocol.ts) shows the same blocks. */
export function chatMlBlock(m: Message): string {
  return `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;
}

const BLOCK = /<\|im_start\|>(system|user|assistant)\n([\s\S]*?)<\|im_end\|>\n/y;
const ANY_ROLE = /<\|im_start\|>([^\n]*)\n/y;

/** Reads the text back into messages; a text that is not a run of whole blocks is `malformed_chatml`. */
export function checkChatMlLine(example: unknown): LineCheck {
  if (!isPlainObject(example)) return { errors: ["data_type"], warnings: [], messages: null };
  const text = example.text;
  if (typeof text !== "string" || text.length === 0) return { errors: ["missing_text"], warnings: [], messages: null };
  const errors = new Set<string>();
  const messages: Message[] = [];
  let at = 0;
  while (at < text.length) {
    BLOCK.lastIndex = at;
    const block = BLOCK.exec(text);
    if (!block) {
      ANY_ROLE.lastIndex = at;
      errors.add(ANY_ROLE.test(text) ? "unrecognized_role" : "malformed_chatml");
      break;
    }
    const [, role, content] = block as unknown as [string, Message["role"], string];
    if (content.length === 0) errors.add("missing_content");
    if (role === "system" && messages.length > 0) errors.add("system_not_first");
    messages.push({ role, content });
    at = BLOCK.lastIndex;
  }
  if (errors.size === 0 && messages.at(-1)?.role !== "assistant") errors.add("example_missing_assistant_message");
  return { errors: [...errors], warnings: [], messages: errors.size === 0 ? messages : null };
}
