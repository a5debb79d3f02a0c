import "server-only";
import { prisma } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import { recordEvent } from "@/lib/audit/record-event";
import { placesOf, type RankingRequest } from "@/lib/review/schemas";

const rankingSelect = {
  id: true,
  promptId: true,
  responseIds: true,
  ranks: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** `ranks[i]` is the place of `responseIds[i]` (1 = best); equal places are a tie. */
export type RankingView = {
  id: string;
  promptId: string;
  responseIds: string[];
  ranks: number[];
  createdAt: Date;
  updatedAt: Date;
};

function toRankingView(row: { responseIds: unknown; ranks: number[] } & Omit<RankingView, "responseIds" | "ranks">) {
  const responseIds = row.responseIds as string[];
  // Rankings stored before ties existed have no ranks: one place each, in order.
  return { ...row, responseIds, ranks: placesOf(responseIds.length, row.ranks) };
}

/**
 * Stores the caller's order of a prompt's responses, best first (the source of preference
 * pairs). One ranking per reviewer and prompt: ranking again replaces it. Every id must be a
 * response to this prompt, none of them the caller's own. Equal `ranks` are a tie, which votes for
 * neither response (docs/formats.md).
 */
export async function rankResponses(
  actor: Actor,
  promptId: string,
  input: RankingRequest,
): Promise<{ created: boolean; ranking: RankingView }> {
  assertCan(actor, "review");
  if (!isUuid(promptId)) throw notFound("Prompt");
  await requireProjectOf(actor, { prompt: promptId }, "review", "write");
  const responseIds = input.responseIds.map((id) => id.toLowerCase());
  const ranks = placesOf(responseIds.length, input.ranks);

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
    const before = await tx.ranking.findUnique({ where: key, select: { responseIds: true, ranks: true } });
    const ranking = await tx.ranking.upsert({
      where: key,
      create: { promptId, reviewerId: actor.id, responseIds, ranks },
      update: { responseIds, ranks },
      select: rankingSelect,
    });
    await recordEvent(
      {
        actorId: actor.id,
        action: "review.rank",
        entityType: "ranking",
        entityId: ranking.id,
        projectId: prompt.projectId,
        before: before ? { responseIds: before.responseIds as string[], ranks: before.ranks } : undefined,
        after: { promptId, responseIds, ranks },
      },
      tx,
    );
    return { created: !before, ranking: toRankingView(ranking) };
  });
}

/** The caller's ranking of a prompt's responses, if they made one. */
export async function getRanking(actor: Actor, promptId: string): Promise<RankingView> {
  assertCan(actor, "review");
  if (!isUuid(promptId)) throw notFound("Ranking");
  await requireProjectOf(actor, { prompt: promptId }, "review");
  const ranking = await prisma.ranking.findUnique({
    where: { promptId_reviewerId: { promptId, reviewerId: actor.id } },
    select: rankingSelect,
  });
  if (!ranking) throw notFound("Ranking");
  return toRankingView(ranking);
}
