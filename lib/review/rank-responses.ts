import "server-only";
import { prisma } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { recordEvent } from "@/lib/audit/record-event";
import type { RankingRequest } from "@/lib/review/schemas";

const rankingSelect = { id: true, promptId: true, responseIds: true, createdAt: true, updatedAt: true } as const;

export type RankingView = { id: string; promptId: string; responseIds: string[]; createdAt: Date; updatedAt: Date };

/**
 * Stores the caller's order of a prompt's responses, best first (the source of preference
 * pairs). One ranking per reviewer and prompt: ranking again replaces it. Every id must be a
 * response to this prompt, none of them the caller's own.
 */
export async function rankResponses(
  actor: Actor,
  promptId: string,
  input: RankingRequest,
): Promise<{ created: boolean; ranking: RankingView }> {
  assertCan(actor, "review");
  if (!isUuid(promptId)) throw notFound("Prompt");
  const responseIds = input.responseIds.map((id) => id.toLowerCase());

  return prisma.$transaction(async (tx) => {
    const prompt = await tx.prompt.findUnique({ where: { id: promptId }, select: { projectId: true } });
    if (!prompt) throw notFound("Prompt");
    const responses = await tx.response.findMany({
      where: { id: { in: responseIds } },
      select: { id: true, promptId: true, authorId: true },
    });
    const byId = new Map(responses.map((r) => [r.id, r]));
    const strangers = responseIds.flatMap((id, index) =>
      byId.get(id)?.promptId === promptId
        ? []
        : [{ path: ["responseIds", index], message: "Not a response to this prompt" }],
    );
    if (strangers.length > 0) throw new AppError("validation_error", "The ranking is not valid", strangers);
    if (responses.some((r) => r.authorId === actor.id)) throw forbidden("You cannot rank your own response");

    const key = { promptId_reviewerId: { promptId, reviewerId: actor.id } };
    const before = await tx.ranking.findUnique({ where: key, select: { responseIds: true } });
    const ranking = await tx.ranking.upsert({
      where: key,
      create: { promptId, reviewerId: actor.id, responseIds },
      update: { responseIds },
      select: rankingSelect,
    });
    await recordEvent(
      {
        actorId: actor.id,
        action: "review.rank",
        entityType: "ranking",
        entityId: ranking.id,
        projectId: prompt.projectId,
        before: before ? { responseIds: before.responseIds as string[] } : undefined,
        after: { promptId, responseIds },
      },
      tx,
    );
    return { created: !before, ranking: { ...ranking, responseIds: ranking.responseIds as string[] } };
  });
}

/** The caller's ranking of a prompt's responses, if they made one. */
export async function getRanking(actor: Actor, promptId: string): Promise<RankingView> {
  assertCan(actor, "review");
  if (!isUuid(promptId)) throw notFound("Ranking");
  const ranking = await prisma.ranking.findUnique({
    where: { promptId_reviewerId: { promptId, reviewerId: actor.id } },
    select: rankingSelect,
  });
  if (!ranking) throw notFound("Ranking");
  return { ...ranking, responseIds: ranking.responseIds as string[] };
}
