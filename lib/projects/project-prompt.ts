import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import type { PromptMessage } from "@/lib/conversation/types";

/** One prompt with its project, for reviewers comparing the prompt's responses side by side. */
export async function getPromptForReview(actor: Actor, promptId: string) {
  assertCan(actor, "review");
  if (!isUuid(promptId)) throw notFound("Prompt");
  await requireProjectOf(actor, { prompt: promptId }, "review");
  const prompt = await prisma.prompt.findUnique({
    where: { id: promptId },
    select: {
      id: true,
      externalId: true,
      messages: true,
      slotCount: true,
      project: { select: { id: true, slug: true, name: true, responsesPerPrompt: true } },
    },
  });
  if (!prompt) throw notFound("Prompt");
  return { ...prompt, messages: prompt.messages as PromptMessage[] };
}
