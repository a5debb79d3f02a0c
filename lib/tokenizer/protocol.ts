import type { Message } from "@/lib/conversation/types";
import { chatMlBlock } from "@/lib/export/formats/chatml";

/**
 * The conversation as `format=chatml` exports it, one block per message
 * (`<|im_start|>{role}\n{content}<|im_end|>\n`): the blocks joined are the exported `text`.
 */
export function protocolBlocks(messages: readonly Message[]): string[] {
  return messages.map(chatMlBlock);
}
