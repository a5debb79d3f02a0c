import "server-only";
import { reviewSelect } from "@/lib/review/review-response";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import type { PromptMessage } from "@/lib/conversation/types";
import { asUndecided, personShower, reviewState, reviewsShown } from "@/lib/review/review-visibility";
import { responseSelect, toResponseView, type ResponseDetail } from "@/lib/review/response-view";
import { modelDraftsOf } from "@/lib/assistant/provenance";

/**
 * One response with every revision and review, for its author, reviewers and admins; anyone
 * else gets 404. Blind review shows reviewers the author as a pseudonym; a reviewer who is to
 * give a second opinion sees the text the first decision judged, and no reviews, until they decide.
 */
export async function getResponseDetail(actor: Actor, responseId: string): Promise<ResponseDetail> {
  assertCan(actor, "label");
  if (!isUuid(responseId)) throw notFound("Response");
  // Its author sees it wherever they may see the project; others need to review there (lib/projects/access.ts).
  const access = await requireProjectOf(actor, { response: responseId });
  const row = await prisma.response.findUnique({
    where: { id: responseId },
    select: {
      ...responseSelect,
      project: { select: { blindReview: true, labelersSeeScores: true } },
      prompt: { select: { externalId: true, messages: true } },
      revisions: { orderBy: { number: "asc" }, select: { number: true, turns: true, authorId: true, createdAt: true } },
      reviews: {
        orderBy: { createdAt: "asc" },
        select: { ...reviewSelect, reviewerId: true, reviewer: { select: { id: true, name: true } } },
      },
    },
  });
  if (!row || (row.author.id !== actor.id && !access.can.review)) throw notFound("Response");

  const show = personShower(actor, row.author.id, row.project.blindReview);
  const state = reviewState(
    actor,
    { authorId: row.author.id, status: row.status, secondOpinion: row.secondOpinion },
    row.reviews,
  );
  const names = await revisionAuthorNames(row.revisions.map((r) => r.authorId));
  const revisions = row.revisions.map((r) => ({
    number: r.number,
    turns: r.turns as string[],
    author: r.authorId ? show({ id: r.authorId, name: names.get(r.authorId) ?? "" }) : { id: null, name: "unknown" },
    by: r.authorId === row.author.id ? ("author" as const) : ("reviewer" as const),
    createdAt: r.createdAt,
  }));
  const reviews = reviewsShown(
    actor,
    row.author.id,
    row.project.labelersSeeScores,
    row.reviews.map(({ reviewerId, reviewer, scores, ...review }) => ({
      ...review,
      scores: scores as Record<string, number> | null,
      reviewer: show(reviewer),
    })),
  );
  const view = toResponseView(row, show);
  const detail = { conversation: { messages: row.prompt.messages as PromptMessage[] }, canReview: state.canReview };

  if (state.blinded) {
    const judged = state.judgedRevision ?? row.revision;
    const turns = revisions.find((r) => r.number === judged)?.turns ?? view.turns;
    return {
      ...asUndecided(view, judged, turns),
      ...detail,
      revisions: revisions.filter((r) => r.number <= judged),
      reviews: [],
      modelDrafts: await modelDraftsOf(responseId, judged, revisions),
    };
  }
  return {
    ...view,
    ...detail,
    revisions,
    reviews,
    modelDrafts: await modelDraftsOf(responseId, row.revision, revisions),
  };
}

async function revisionAuthorNames(ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}
