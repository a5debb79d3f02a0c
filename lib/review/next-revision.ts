import type { Prisma } from "@/generated/prisma/client";
import { countResponseTokens } from "@/lib/conversation/tokens";

/**
 * A response's next revision as the update that writes it: the text becomes the response's current
 * one, with its number and token count, and is kept as a `response_revisions` row by `authorId`.
 * The author's resubmit, the author's edit while waiting, and a reviewer's edit all write it this way.
 */
export function nextRevision(turns: string[], currentRevision: number, authorId: string) {
  const number = currentRevision + 1;
  return {
    turns,
    revision: number,
    tokenCount: countResponseTokens(turns),
    revisions: { create: { number, turns, authorId } },
  } satisfies Prisma.ResponseUpdateInput;
}
