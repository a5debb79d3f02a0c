import { pseudonym } from "@/lib/users/pseudonym";
import { findSpecialTokens } from "@/lib/conversation/special-tokens";

/**
 * The `metadata` object of include=metadata (docs/formats.md), from the columns the export queries
 * select. Authors appear only as their stable pseudonym, never as ids, names or emails.
 * `specialTokens` lists the special-token markers anywhere in the line's messages (prompt and written
 * turns; [] when none), so a pipeline can drop or re-escape examples a chat template would misread.
 * The messages are scanned as their JSON text: no marker holds a character JSON escapes.
 */
type Row = Record<string, unknown>;

export function responseLineMetadata(row: Row) {
  const { responseId, ...rest } = responseMetadata(row, "");
  return {
    promptId: row.promptId,
    responseId,
    externalId: row.externalId,
    promptMetadata: row.promptMetadata,
    ...rest,
    specialTokens: findSpecialTokens(String(row.conversation ?? "")),
  };
}

export function preferenceLineMetadata(row: Row) {
  const suggestion = (prefix: string, position?: unknown) => ({
    suggestionId: row[`${prefix}Id`],
    model: row[`${prefix}Model`],
    parameters: row[`${prefix}Parameters`],
    ...(position === undefined ? {} : { position: position == null ? null : Number(position) }),
  });
  if (row.source === "candidate_ranking")
    // Both sides are model candidates; `response` is the labeler's response the ranking came with.
    return {
      promptId: row.promptId,
      externalId: row.externalId,
      promptMetadata: row.promptMetadata,
      source: row.source,
      chosen: suggestion("chosenSuggestion", row.chosenSuggestionPosition),
      rejected: suggestion("suggestion", row.suggestionPosition),
      response: responseMetadata(row, "chosen."),
      votes: { chosen: Number(row.votesFor), rejected: Number(row.votesAgainst) },
      specialTokens: findSpecialTokens(...[row.prompt, row.chosen, row.rejected].map((v) => String(v ?? ""))),
    };
  return {
    promptId: row.promptId,
    externalId: row.externalId,
    promptMetadata: row.promptMetadata,
    source: row.source,
    chosen: responseMetadata(row, "chosen."),
    // A rewrite's rejected side is the model suggestion the labeler changed, not a response.
    rejected: row.source === "rewrite" ? suggestion("suggestion") : responseMetadata(row, "rejected."),
    votes: row.source === "rewrite" ? null : { chosen: Number(row.votesFor), rejected: Number(row.votesAgainst) },
    specialTokens: findSpecialTokens(...[row.prompt, row.chosen, row.rejected].map((v) => String(v ?? ""))),
  };
}

function responseMetadata(row: Row, prefix: string) {
  const get = (key: string) => row[prefix + key];
  const decision = get("decision");
  return {
    responseId: get("responseId") as string,
    guidelinesVersion: get("guidelinesVersion") ?? null,
    labeler: pseudonym(get("authorId") as string),
    status: get("status"),
    review: decision == null ? null : { decision, scores: get("scores") ?? null, meanScore: get("meanScore") ?? null },
    tokenCount: get("tokenCount"),
    activeMs: get("activeMs") ?? null,
    submittedAt: get("submittedAt"),
    reviewedAt: get("reviewedAt") ?? null,
    suggestions: get("suggestions") ?? [],
  };
}
