import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import type { PromptMessage } from "@/lib/conversation/types";
import { requireProjectOf } from "@/lib/projects/access";
import { getResponseDetail } from "@/lib/review/response-detail";
import type { Person, ResponseDetail } from "@/lib/review/response-view";
import { personShower } from "@/lib/review/review-visibility";
import { placesOf } from "@/lib/review/schemas";

/** A reviewer's ranking of the prompt's responses, best first; equal `ranks` are a tie. */
export type PromptRankingView = {
  id: string;
  reviewer: Person;
  /** The caller's own ranking. */
  mine: boolean;
  responseIds: string[];
  ranks: number[];
  updatedAt: Date;
};

export type PromptDetail = {
  id: string;
  externalId: string | null;
  project: { id: string; slug: string; name: string; responsesPerPrompt: number; blindReview: boolean };
  messages: PromptMessage[];
  metadata: Record<string, unknown>;
  /** Assistant turns a labeler writes. */
  turns: number;
  createdAt: Date;
  /** Every response in submit order, each as GET /responses/{id} shows it to the caller, without the prompt again. */
  responses: Array<Omit<ResponseDetail, "conversation">>;
  rankings: PromptRankingView[];
};

/**
 * One prompt with everything done with it: its messages and metadata, every response with its
 * revisions and reviews (each as getResponseDetail shows it to the caller: blind review, second
 * opinions and all), and the rankings. For admins and those who review the project; anyone else gets
 * 404 (403 for a labeler of the project). A reviewer sees the other reviewers' rankings once they have
 * ranked the prompt themselves, so theirs stays their own.
 */
export async function getPromptDetail(actor: Actor, promptId: string): Promise<PromptDetail> {
  assertCan(actor, "review");
  await requireProjectOf(actor, { prompt: promptId }, "review");
  const prompt = await prisma.prompt.findUnique({
    where: { id: promptId },
    select: {
      id: true,
      externalId: true,
      messages: true,
      metadata: true,
      slotCount: true,
      createdAt: true,
      project: { select: { id: true, slug: true, name: true, responsesPerPrompt: true, blindReview: true } },
      responses: { orderBy: { seq: "asc" }, select: { id: true, authorId: true } },
      rankings: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          responseIds: true,
          ranks: true,
          updatedAt: true,
          reviewer: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!prompt) throw notFound("Prompt");

  // One at a time: a prompt has a handful of responses, and each detail is a few small queries.
  const responses: PromptDetail["responses"] = [];
  for (const { id } of prompt.responses) {
    const { conversation: _conversation, ...detail } = await getResponseDetail(actor, id);
    responses.push(detail);
  }

  const admin = actor.role === "admin";
  const rankedByMe = prompt.rankings.some((r) => r.reviewer.id === actor.id);
  // Rankers are reviewers; to the author of one of the responses they are pseudonyms, as on the response itself.
  const ownResponse = prompt.responses.find((r) => r.authorId === actor.id);
  const show = personShower(actor, ownResponse?.authorId ?? "", prompt.project.blindReview);
  const rankings = (admin || rankedByMe ? prompt.rankings : []).map((r): PromptRankingView => {
    const responseIds = r.responseIds as string[];
    return {
      id: r.id,
      reviewer: show(r.reviewer),
      mine: r.reviewer.id === actor.id,
      responseIds,
      ranks: placesOf(responseIds.length, r.ranks),
      updatedAt: r.updatedAt,
    };
  });

  return {
    id: prompt.id,
    externalId: prompt.externalId,
    project: prompt.project,
    messages: prompt.messages as PromptMessage[],
    metadata: prompt.metadata as Record<string, unknown>,
    turns: prompt.slotCount,
    createdAt: prompt.createdAt,
    responses,
    rankings,
  };
}
