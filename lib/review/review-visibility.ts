import "server-only";
import { can, type Actor } from "@/lib/auth/permissions";
import { pseudonym } from "@/lib/users/pseudonym";
import { countResponseTokens } from "@/lib/conversation/tokens";
import type { Person, ResponseView, ShowPerson } from "@/lib/review/response-view";

const hidden = (person: { id: string }): Person => ({ id: null, name: pseudonym(person.id) });

/**
 * How one viewer sees the people on one response. Admins see names. The author sees their own
 * name and the reviewers as pseudonyms (feedback without names). Reviewers see each other, and
 * the author under a pseudonym when the project reviews blind.
 */
export function personShower(actor: Actor, authorId: string, blindReview: boolean): ShowPerson {
  if (actor.role === "admin") return (person) => person;
  if (authorId === actor.id) return (person) => (person.id === actor.id ? person : hidden(person));
  return (person) => (blindReview && person.id === authorId ? hidden(person) : person);
}

/**
 * Whether one viewer sees the rubric scores on one response: an author only when the project lets
 * labelers see their scores (`labelersSeeScores`); reviewers and admins always.
 */
export function scoresShown(actor: Actor, authorId: string, labelersSeeScores: boolean): boolean {
  return actor.role === "admin" || authorId !== actor.id || labelersSeeScores;
}

/**
 * The reviews of a response as one viewer sees them. Its author sees the primary decisions only
 * (second opinions measure reviewers, not the text), with scores as `scoresShown` says.
 */
export function reviewsShown<R extends { secondOpinion: boolean; scores: unknown }>(
  actor: Actor,
  authorId: string,
  labelersSeeScores: boolean,
  reviews: R[],
): R[] {
  if (actor.role === "admin" || authorId !== actor.id) return reviews;
  const primary = reviews.filter((r) => !r.secondOpinion);
  return labelersSeeScores ? primary : primary.map((r) => ({ ...r, scores: null }));
}

export type ReviewFacts = { reviewerId: string; secondOpinion: boolean; revision: number };

export type ReviewState = {
  /** What the actor may do now: decide a submitted response, give the second opinion, or nothing. */
  canReview: "decision" | "second_opinion" | null;
  /** The actor is to give the second opinion and must not see the first decision yet. */
  blinded: boolean;
  /** The revision the latest decision (not a second opinion) judged. */
  judgedRevision: number | null;
};

/**
 * Where one response stands for one actor. A response chosen for a second opinion takes one
 * more review, from a reviewer who neither wrote it nor reviewed it before; until then that
 * reviewer sees it as undecided. `reviews` are oldest first.
 */
export function reviewState(
  actor: Actor,
  response: { authorId: string; status: string; secondOpinion: boolean },
  reviews: readonly ReviewFacts[],
): ReviewState {
  const primary = reviews.filter((r) => !r.secondOpinion);
  const judgedRevision = primary.at(-1)?.revision ?? null;
  if (!can(actor, "review") || response.authorId === actor.id)
    return { canReview: null, blinded: false, judgedRevision };
  if (response.status === "submitted") return { canReview: "decision", blinded: false, judgedRevision };
  const decided = response.status === "accepted" || response.status === "rejected";
  const open =
    decided &&
    response.secondOpinion &&
    !reviews.some((r) => r.secondOpinion) &&
    !reviews.some((r) => r.reviewerId === actor.id);
  if (!open) return { canReview: null, blinded: false, judgedRevision };
  // Admins see everything (as with blind review); an admin giving a second opinion is trusted not to look.
  return { canReview: "second_opinion", blinded: actor.role !== "admin", judgedRevision };
}

/** A response as a second-opinion reviewer sees it: the judged text, not yet decided. */
export function asUndecided(view: ResponseView, revision: number, turns: string[]): ResponseView {
  const { content: _omitted, ...rest } = view;
  return {
    ...rest,
    status: "submitted",
    revision,
    turns,
    ...(turns.length === 1 ? { content: turns[0] } : {}),
    tokenCount: countResponseTokens(turns),
  };
}
