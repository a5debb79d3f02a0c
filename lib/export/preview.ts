import "server-only";
import type { PoolClient } from "pg";
import { AppError } from "@/lib/errors";
import { assertRequesterCan, type Requester } from "@/lib/auth/permissions";
import { findProjectRef } from "@/lib/projects/projects";
import { parseExportQuery, type ExportOptions } from "@/lib/export/schemas";
import { responseQuery } from "@/lib/export/sql/response-query";
import { preferenceQuery } from "@/lib/export/sql/preference-query";
import { preferenceSourcesQuery, type PreferenceSourcesRow } from "@/lib/export/sql/preference-sources";
import { exportFilename, preferenceRenderer, responseRenderer } from "@/lib/export/export-jsonl";
import { openSnapshot } from "@/lib/export/snapshot-stream";
import { keptResponseCountQuery } from "@/lib/export/sql/kept-count";
import { narrowsBeyondStatus } from "@/lib/export/sql/filters";
import { COUNT_LIMIT } from "@/lib/bounded-count";

/** Lines a preview shows: enough to see the shape, few enough to answer at once. */
export const PREVIEW_LINES = 3;

/** Why an export has no lines, in words for the person asking (docs/formats.md "An empty export"). */
export type EmptyExportReason = {
  code: "no_single_slot_prompts" | "one_response_per_prompt" | "no_votes" | "ties_or_filters" | "no_match";
  message: string;
};

export type ExportPreview = {
  /** Lines the same export would write now (with its `limit`); a lower bound when `countAtLeast`. */
  count: number;
  /**
   * The count stopped at COUNT_LIMIT (decision 022): the export has at least that many lines. Exact counts come
   * from the project's kept status counts, which answer only an export without filters (decision 028).
   */
  countAtLeast: boolean;
  /** The first PREVIEW_LINES of them, each exactly as the export writes it, without the "\n". */
  lines: string[];
  filename: string;
  /** Set when count is 0. */
  empty: EmptyExportReason | null;
};

/**
 * What `GET …/export` would answer for the same parameters: the number of lines, the first few and
 * the file's name, read in one snapshot. Not audited as an export: it returns at most a few lines and
 * cannot page (no `after`); the download itself is audited.
 */
export async function previewExport(
  requester: Requester,
  projectIdOrSlug: string,
  query: URLSearchParams | Record<string, string>,
): Promise<ExportPreview> {
  assertRequesterCan(requester, "admin");
  const options = parseExportQuery(query);
  // The preview is not audited, so it must not page: `after` would let a caller read the whole export
  // a few lines at a time without the `export.run` record the download leaves.
  if (options.after) {
    throw new AppError("validation_error", "The preview shows the first lines only; `after` is for the export itself", [
      { path: ["after"], message: "not accepted by the preview" },
    ]);
  }
  const project = await findProjectRef(projectIdOrSlug, requester);
  const snapshot = await openSnapshot();
  try {
    const full =
      options.format === "preference" ? preferenceQuery(project.id, options) : responseQuery(project.id, options, null);
    const { count, countAtLeast } = await countLines(snapshot.client, project.id, options, full);
    const first: ExportOptions = { ...options, limit: Math.min(options.limit ?? PREVIEW_LINES, PREVIEW_LINES) };
    let lines: string[] = [];
    if (count > 0 && options.format === "preference") {
      const { rows } = await snapshot.client.query(preferenceQuery(project.id, first));
      const render = preferenceRenderer(options);
      lines = rows.map((row) => render(row).replace(/\n$/, ""));
    } else if (count > 0) {
      const { rows } = await snapshot.client.query(responseQuery(project.id, first, null));
      const render = responseRenderer(options);
      lines = rows.map((row) => render(row).replace(/\n$/, ""));
    }
    let empty: EmptyExportReason | null = null;
    if (count === 0) {
      empty =
        options.format === "preference"
          ? preferenceEmptyReason(
              (await snapshot.client.query<PreferenceSourcesRow>(preferenceSourcesQuery(project.id))).rows[0],
            )
          : {
              code: "no_match",
              message:
                options.status === "accepted"
                  ? "No accepted response matches these filters yet. Responses are exported once a reviewer accepts them; choose status “submitted” or “all” to include the others."
                  : "No response matches these filters.",
            };
    }
    await snapshot.end(true);
    return { count, countAtLeast, lines, filename: exportFilename(project.slug, options), empty };
  } catch (error) {
    await snapshot.end(false);
    throw error;
  }
}

/**
 * How many lines the export would write, without reading them all. An export of responses with no filter is
 * one status of the project (or all of them): its count is the one the writes keep (analytics_labelers,
 * decision 021), read in the same snapshot, exact. Any other is counted through the export's own query up to
 * COUNT_LIMIT, so a preview costs the same whatever the size of the project.
 */
async function countLines(
  client: Pick<PoolClient, "query">,
  projectId: string,
  options: ExportOptions,
  full: { text: string; values: unknown[] },
): Promise<{ count: number; countAtLeast: boolean }> {
  const unfiltered = options.format !== "preference" && !narrowsBeyondStatus(options);
  if (unfiltered) {
    const kept = (await client.query<{ n: number }>(keptResponseCountQuery(projectId, options.status))).rows[0]?.n ?? 0;
    return { count: options.limit === undefined ? kept : Math.min(kept, options.limit), countAtLeast: false };
  }
  // PostgreSQL drops the unused output columns of the subquery, so counting renders no line.
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${full.text}) q LIMIT ${COUNT_LIMIT}) counted`,
    full.values,
  );
  const count = rows[0]?.n ?? 0;
  // An export limited to COUNT_LIMIT lines or fewer is counted whole.
  return { count, countAtLeast: count >= COUNT_LIMIT && (options.limit === undefined || options.limit > COUNT_LIMIT) };
}

/** The first missing ingredient of a preference pair, in the order a team lead would fix them. */
export function preferenceEmptyReason(sources: PreferenceSourcesRow | undefined): EmptyExportReason {
  if (!sources || sources.single_slot_prompts === 0) {
    return {
      code: "no_single_slot_prompts",
      message:
        "Preference pairs come only from prompts with a single turn to write, and this project has none: with several turns, two responses answer different conversations and cannot be compared.",
    };
  }
  if (
    sources.rankings === 0 &&
    sources.accepted_and_rejected === 0 &&
    sources.rewrites === 0 &&
    sources.candidate_rankings === 0
  ) {
    if (sources.responses_per_prompt < 2) {
      return {
        code: "one_response_per_prompt",
        message:
          "Each prompt gets one response, so there is nothing to compare. Pairs need two or more responses to the same prompt: raise “Responses per prompt” in Settings, then have reviewers rank them or accept one and reject another. An accepted response that rewrote a model suggestion also makes a pair.",
      };
    }
    return {
      code: "no_votes",
      message:
        "No pairs yet. A pair is made when a reviewer ranks the responses to a prompt in Review, when one response to a prompt is accepted and another rejected, when an accepted response rewrote a model suggestion, or when a labeler ranked a model's candidates in compare mode and submitted. None has happened yet.",
    };
  }
  return {
    code: "ties_or_filters",
    message: `There are votes (${sources.rankings} ranking${sources.rankings === 1 ? "" : "s"}, ${sources.accepted_and_rejected} prompt${sources.accepted_and_rejected === 1 ? "" : "s"} with an accepted and a rejected response, ${sources.rewrites} rewritten suggestion${sources.rewrites === 1 ? "" : "s"}, ${sources.candidate_rankings} candidate ranking${sources.candidate_rankings === 1 ? "" : "s"}), but every pair is a tie or its chosen response does not pass these filters. With status “accepted”, only accepted responses can be chosen.`,
  };
}
