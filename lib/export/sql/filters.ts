import type { ExportOptions } from "@/lib/export/schemas";
import { splitBucketSql, splitThreshold } from "@/lib/export/split";
import { SqlParams } from "@/lib/export/sql/params";

type Filters = Pick<
  ExportOptions,
  "status" | "since" | "until" | "guidelinesVersion" | "labeler" | "minScore" | "split" | "validationFraction"
>;

/** Which joins a query over responses needs: the guidelines version and the latest first-opinion review. */
export type Needs = { guidelines: boolean; review: boolean };

export function needsFor(options: Filters & { include?: "metadata" }): Needs {
  const metadata = options.include === "metadata";
  return {
    guidelines: metadata || options.guidelinesVersion !== undefined,
    review: metadata || options.minScore !== undefined,
  };
}

/**
 * Joins for the response aliased `a` (a trusted identifier, never user input): `a_gv` is its
 * guidelines version, `a_review` its latest review that is not a second opinion, with the mean of
 * its rubric scores (numbers only; a review without scores has none).
 */
export function responseJoins(a: string, needs: Needs): string {
  const joins: string[] = [];
  if (needs.guidelines) joins.push(`LEFT JOIN guidelines_versions ${a}_gv ON ${a}_gv.id = ${a}.guidelines_version_id`);
  if (needs.review) {
    joins.push(`LEFT JOIN LATERAL (
      SELECT rv.decision, rv.scores, rv.created_at,
             (SELECT avg(sc.value::numeric)::float8
                FROM jsonb_each(CASE WHEN jsonb_typeof(rv.scores) = 'object' THEN rv.scores ELSE '{}'::jsonb END) sc
               WHERE jsonb_typeof(sc.value) = 'number') AS mean_score
        FROM reviews rv
       WHERE rv.response_id = ${a}.id AND NOT rv.second_opinion
       ORDER BY rv.created_at DESC, rv.id DESC
       LIMIT 1) ${a}_review ON true`);
  }
  return joins.join("\n");
}

/** The filters of docs/formats.md as conditions on the response `a`; every value goes through SqlParams. */
export function responseConditions(a: string, options: Filters, params: SqlParams): string[] {
  const where: string[] = [];
  if (options.status !== "all") where.push(`${a}.status = ${params.add(options.status, `::"ResponseStatus"`)}`);
  if (options.since) where.push(`${a}.submitted_at >= ${params.add(options.since, "::timestamptz")}`);
  if (options.until) where.push(`${a}.submitted_at < ${params.add(options.until, "::timestamptz")}`);
  if (options.guidelinesVersion !== undefined)
    where.push(`${a}_gv.version = ${params.add(options.guidelinesVersion, "::int")}`);
  if (options.labeler) where.push(`${a}.author_id = ${params.add(options.labeler, "::uuid")}`);
  if (options.minScore !== undefined)
    where.push(`${a}_review.mean_score >= ${params.add(options.minScore, "::float8")}`);
  if (options.split) {
    const below = options.split === "validation" ? "<" : ">=";
    where.push(
      `${splitBucketSql(`${a}.prompt_id`)} ${below} ${params.add(splitThreshold(options.validationFraction), "::bigint")}`,
    );
  }
  return where;
}

/** Whether the filters narrow an export beyond its status: any condition of responseConditions but the status. */
export function narrowsBeyondStatus(options: Filters): boolean {
  return responseConditions("r", { ...options, status: "all" }, new SqlParams()).length > 0;
}

/** The response's metadata columns, named `${prefix}responseId` and so on (lib/export/metadata.ts reads them). */
export function responseMetadataColumns(a: string, prefix: string): string {
  return [
    `${a}.id AS "${prefix}responseId"`,
    `${a}_gv.version AS "${prefix}guidelinesVersion"`,
    `${a}.author_id AS "${prefix}authorId"`,
    `${a}.status AS "${prefix}status"`,
    `${a}_review.decision AS "${prefix}decision"`,
    `${a}_review.scores AS "${prefix}scores"`,
    `${a}_review.mean_score AS "${prefix}meanScore"`,
    `${a}.token_count AS "${prefix}tokenCount"`,
    `${a}.active_ms AS "${prefix}activeMs"`,
    `${a}.submitted_at AS "${prefix}submittedAt"`,
    `${a}_review.created_at AS "${prefix}reviewedAt"`,
    // The model suggestions its turns started from (docs/formats.md), [] when none.
    `(SELECT coalesce(json_agg(json_build_object('turn', rp.turn, 'suggestionId', rp.suggestion_id, 'model', s.model,
             'parameters', s.parameters, 'content', s.content, 'editDistance', rp.edit_distance,
             'shareKept', rp.share_kept) ORDER BY rp.turn), '[]')
        FROM response_provenance rp JOIN suggestions s ON s.id = rp.suggestion_id
       WHERE rp.response_id = ${a}.id) AS "${prefix}suggestions"`,
  ].join(", ");
}
