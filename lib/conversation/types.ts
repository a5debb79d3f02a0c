import { z } from "zod";

/** Roles as the conversation protocol (and every trainer's chat format) names them. */
export const ROLES = ["system", "user", "assistant"] as const;
export type Role = (typeof ROLES)[number];

/** A written message. */
export type Message = { role: Role; content: string };

/**
 * A message of a prompt as stored: an assistant message whose content is null is a *slot*,
 * a turn the labeler writes (docs/glossary.md).
 */
export type PromptMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null };

export const promptMessageSchema = z.union([
  z.object({ role: z.enum(["system", "user"]), content: z.string() }),
  z.object({ role: z.literal("assistant"), content: z.string().nullable() }),
]);
export const promptMessagesSchema = z.array(promptMessageSchema);

export function countSlots(messages: readonly PromptMessage[]): number {
  return messages.reduce((n, m) => (m.role === "assistant" && m.content === null ? n + 1 : n), 0);
}

/** Fills the slots in order with `turns`; the result is the conversation a trainer reads. */
export function fillSlots(messages: readonly PromptMessage[], turns: readonly string[]): Message[] {
  let next = 0;
  const filled = messages.map((m): Message => {
    if (m.role === "assistant" && m.content === null) {
      const turn = turns[next++];
      if (turn === undefined) throw new Error(`fillSlots: ${turns.length} turns for more slots`);
      return { role: "assistant", content: turn };
    }
    return { role: m.role, content: m.content as string };
  });
  if (next !== turns.length) throw new Error(`fillSlots: ${turns.length} turns for ${next} slots`);
  return filled;
}
