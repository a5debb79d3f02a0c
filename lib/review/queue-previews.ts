import "server-only";
import { prisma } from "@/lib/db";
import type { PromptMessage } from "@/lib/conversation/types";
import { previewText, promptQuestion } from "@/lib/review/previews";
import type { ResponseListItem } from "@/lib/review/response-view";

/** A queue row: the response with the start of what its prompt asks and of what was written, for previews. */
export type QueueRow = ResponseListItem & { question: string; preview: string };

/**
 * The review queue's rows with their previews. The items come from listResponses, which already
 * decided what the caller may see; this reads only the prompts of those items, in one query.
 */
export async function withPreviews(items: ResponseListItem[]): Promise<QueueRow[]> {
  const prompts = await prisma.prompt.findMany({
    where: { id: { in: [...new Set(items.map((i) => i.promptId))] } },
    select: { id: true, messages: true },
  });
  const questions = new Map(prompts.map((p) => [p.id, promptQuestion(p.messages as PromptMessage[])]));
  return items.map((item) => ({
    ...item,
    question: previewText(questions.get(item.promptId) ?? ""),
    preview: previewText(item.turns.join("\n\n---\n\n")),
  }));
}
