import type { AgreementPair, DailyPoint, LabelerModelUse, LabelerStats, ReviewerStats } from "@/lib/analytics/types";
import { toCsv, type CsvCell } from "@/lib/analytics/csv";

export const CSV_TABLES = ["labelers", "reviewers", "agreement", "daily"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export function isCsvTable(value: string): value is CsvTable {
  return (CSV_TABLES as readonly string[]).includes(value);
}

// The analytics page's tables as CSV: one column per number, a column per rubric criterion.

export function labelersCsv(
  labelers: readonly LabelerStats[],
  criteria: readonly string[],
  modelUse: readonly LabelerModelUse[] = [],
): string {
  // Model use joins by labeler: its columns are empty for a labeler it has no row for.
  const drafts = new Map(modelUse.map((m) => [m.id, m]));
  return toCsv(
    [
      "labeler_id",
      "labeler",
      "submitted",
      "decided",
      "accepted",
      "rejected",
      "revised",
      "needs_revision",
      "acceptance_rate",
      "revision_rate",
      "median_active_ms",
      "median_tokens",
      ...criteria.map((k) => `mean_score_${k}`),
      "mean_edit_distance",
      "edited_by_reviewer",
      "from_draft",
      "from_draft_share",
      "median_share_kept",
      "rubber_stamped",
    ],
    labelers.map((l) => [
      l.id,
      l.name,
      l.submitted,
      l.decided,
      l.accepted,
      l.rejected,
      l.revised,
      l.needsRevision,
      l.acceptanceRate,
      l.revisionRate,
      l.medianActiveMs,
      l.medianTokens,
      ...criteria.map((k) => l.meanScores[k]),
      l.meanEditDistance,
      l.editedByReviewer,
      drafts.get(l.id)?.fromDraft,
      drafts.get(l.id)?.fromDraftShare,
      drafts.get(l.id)?.medianShareKept,
      drafts.get(l.id)?.rubberStamped,
    ]),
  );
}

export function reviewersCsv(reviewers: readonly ReviewerStats[]): string {
  return toCsv(
    [
      "reviewer_id",
      "reviewer",
      "decisions",
      "accept",
      "reject",
      "revise",
      "edit",
      "second_opinions",
      "median_review_ms",
      "paired_responses",
      "observed_agreement",
    ],
    reviewers.map((r) => [
      r.id,
      r.name,
      r.decisions,
      r.byDecision.accept,
      r.byDecision.reject,
      r.byDecision.revise,
      r.byDecision.edit,
      r.secondOpinions,
      r.medianDurationMs,
      r.pairedResponses,
      r.observedAgreement,
    ]),
  );
}

export function agreementCsv(pairs: readonly AgreementPair[], criteria: readonly string[]): string {
  return toCsv(
    [
      "reviewer_a_id",
      "reviewer_a",
      "reviewer_b_id",
      "reviewer_b",
      "responses",
      "observed_agreement",
      "kappa",
      ...criteria.flatMap((k) => [`mean_abs_diff_${k}`, `n_${k}`]),
    ],
    pairs.map((p): CsvCell[] => [
      p.reviewers[0].id,
      p.reviewers[0].name,
      p.reviewers[1].id,
      p.reviewers[1].name,
      p.responses,
      p.observedAgreement,
      p.kappa,
      ...criteria.flatMap((k) => [p.meanAbsoluteDifference[k]?.mean, p.meanAbsoluteDifference[k]?.n ?? 0]),
    ]),
  );
}

export function dailyCsv(daily: readonly DailyPoint[]): string {
  return toCsv(
    ["date", "submitted", "decided", "accepted", "rejected", "revise", "acceptance_rate"],
    daily.map((d) => [d.date, d.submitted, d.decided, d.accepted, d.rejected, d.revise, d.acceptanceRate]),
  );
}
