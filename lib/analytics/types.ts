/**
 * The shape of `GET /api/v1/projects/{id}/stats` and the analytics page; docs/review.md
 * ("Metrics") defines every number. Rates are 0..1 and null when their denominator is 0;
 * medians and means are null when there is nothing to take them of.
 */

export type Person = { id: string; name: string };

export type ProjectProgress = {
  prompts: number;
  /** Every place filled (responsesPerPrompt responses) and every response decided. */
  done: number;
  /** Every place filled, at least one response still waiting for a decision (or with its author for a revision). */
  inReview: number;
  /** Fewer responses than responsesPerPrompt: still to be written. */
  remaining: number;
  /** Prompts with at least one accepted response, whatever their state. */
  withAccepted: number;
  responses: { submitted: number; accepted: number; rejected: number; needs_revision: number };
};

export type DailyPoint = {
  /** UTC day, YYYY-MM-DD. Every day from the first activity to the last, quiet days included. */
  date: string;
  /** Responses first submitted that day. */
  submitted: number;
  /** Final decisions made that day (primary reviews: accept, edit, reject). */
  decided: number;
  accepted: number;
  rejected: number;
  /** Sent back for revision that day (not a final decision). */
  revise: number;
  /** accepted / decided of that day. */
  acceptanceRate: number | null;
};

export type LabelerStats = Person & {
  submitted: number;
  /** Responses with a final decision: accepted or rejected. */
  decided: number;
  accepted: number;
  rejected: number;
  /** Decided responses that were sent back for revision at least once on the way. */
  revised: number;
  /** Now with the author for a revision. */
  needsRevision: number;
  /** accepted / decided (an edit counts as accepted). */
  acceptanceRate: number | null;
  /** revised / decided. */
  revisionRate: number | null;
  medianActiveMs: number | null;
  medianTokens: number | null;
  /** Criterion key → mean over the primary reviews that scored it. */
  meanScores: Record<string, number>;
  /** Mean normalised edit distance, first submitted text → final text, over accepted responses. */
  meanEditDistance: number | null;
  /** Accepted responses whose final text is a reviewer's edit. */
  editedByReviewer: number;
};

export type ReviewerStats = Person & {
  /** Primary reviews: the decisions that set a response's status. */
  decisions: number;
  byDecision: { accept: number; reject: number; revise: number; edit: number };
  secondOpinions: number;
  /** Over all of the reviewer's reviews that measured it, second opinions included. */
  medianDurationMs: number | null;
  /** Responses this reviewer judged together with another (a decision and a second opinion). */
  pairedResponses: number;
  /** Share of those where both said accept, or both did not. */
  observedAgreement: number | null;
};

export type CriterionDifference = { mean: number; n: number };

export type AgreementPair = {
  reviewers: [Person, Person];
  /** Responses both reviewed: one decided, the other gave the second opinion. */
  responses: number;
  observedAgreement: number | null;
  /** Cohen's kappa on accept (accept or edit) vs not; null when chance agreement is 1. */
  kappa: number | null;
  /** Criterion key → mean |score₁ − score₂| over the responses both scored on it. */
  meanAbsoluteDifference: Record<string, CriterionDifference>;
};

export type ProjectAnalytics = {
  project: { id: string; slug: string; name: string; responsesPerPrompt: number };
  generatedAt: string;
  /** The project's rubric, then any other criterion found in its reviews' scores. */
  criteria: Array<{ key: string; label: string }>;
  progress: ProjectProgress;
  daily: DailyPoint[];
  labelers: LabelerStats[];
  reviewers: ReviewerStats[];
  agreement: AgreementPair[];
  /** Per labeler: responses started from a model draft, the share kept, rubber-stamps. */
  modelUse: ModelUse;
};

/** One labeler's use of the project's model drafts (lib/analytics/model-use.ts). */
export type LabelerModelUse = Person & {
  /** Responses submitted (as in the labelers table). */
  submitted: number;
  /** Responses with at least one turn started from a model suggestion. */
  fromDraft: number;
  /** fromDraft / submitted. */
  fromDraftShare: number | null;
  /** Median over fromDraft responses of each response's share kept (the mean over its started turns). */
  medianShareKept: number | null;
  /** fromDraft responses kept nearly whole and submitted in less active time than reading them takes. */
  rubberStamped: number;
};

export type ModelUse = {
  /** The rule: share kept ≥ minShareKept and active time < baseMs + msPerToken × the response's tokens. */
  rubberStamp: { minShareKept: number; baseMs: number; msPerToken: number };
  labelers: LabelerModelUse[];
};
