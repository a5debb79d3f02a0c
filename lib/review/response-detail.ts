import "server-only";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { decideProjectAccess } from "@/lib/projects/access";
import type { PromptMessage } from "@/lib/conversation/types";
import { asUndecided, personShower, reviewState, reviewsShown } from "@/lib/review/review-visibility";
import { toResponseView, type ResponseDetail } from "@/lib/review/response-view";
import { responseDetailRead } from "@/lib/review/sql/response-detail";
import { modelDraftsOf } from "@/lib/assistant/provenance";

/**
 * One response with every revision and review, for its author, reviewers and admins; anyone
 * else gets 404. Blind review shows reviewers the author as a pseudonym; a reviewer who is to
 * give a second opinion sees the text the first decision judged, and no reviews, until they decide.
 * One round trip (lib/review/sql/response-detail.ts), and a second only for a response with model drafts.
 */
export async function getResponseDetail(actor: Actor, responseId: string): Promise<ResponseDetail> {
  assertCan(actor, "label");
  if (!isUuid(responseId)) throw notFound("Response");
  const found = await responseDetailRead(responseId, actor.id);
  if (!found) throw notFound("Response");
  // Its author sees it wherever they may see the project; others need to review there (lib/projects/access.ts).
  const access = decideProjectAccess(actor, found.access, "see", "read", "Response");
  const { response: row, ...read } = found;
  if (row.author.id !== actor.id && !access.can.review) throw notFound("Response");

  const show = personShower(actor, row.author.id, read.blindReview);
  const state = reviewState(
    actor,
    { authorId: row.author.id, status: row.status, secondOpinion: row.secondOpinion },
    read.reviews,
  );
  const revisions = read.revisions.map((r) => ({
    number: r.number,
    turns: r.turns as string[],
    author: r.authorId ? show({ id: r.authorId, name: r.authorName ?? "" }) : { id: null, name: "unknown" },
    by: r.authorId === row.author.id ? ("author" as const) : ("reviewer" as const),
    createdAt: r.createdAt,
  }));
  const reviews = reviewsShown(
    actor,
    row.author.id,
    read.labelersSeeScores,
    read.reviews.map(({ reviewerId, reviewer, scores, ...review }) => ({
      ...review,
      scores: scores as Record<string, number> | null,
      reviewer: show(reviewer),
    })),
  );
  const view = toResponseView(row, show);
  const detail = { conversation: { messages: read.messages as PromptMessage[] }, canReview: state.canReview };
  // Provenance is read only for a response that has some (most have none).
  const drafts = (upTo: number) => (read.hasModelDrafts ? modelDraftsOf(responseId, upTo, revisions) : []);

  if (state.blinded) {
    const judged = state.judgedRevision ?? row.revision;
    const turns = revisions.find((r) => r.number === judged)?.turns ?? view.turns;
    return {
      ...asUndecided(view, judged, turns),
      ...detail,
      revisions: revisions.filter((r) => r.number <= judged),
      reviews: [],
      modelDrafts: await drafts(judged),
    };
  }
  return {
    ...view,
    ...detail,
    revisions,
    reviews,
    modelDrafts: await drafts(row.revision),
  };
}
