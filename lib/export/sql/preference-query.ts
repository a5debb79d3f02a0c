import type { ExportOptions } from "@/lib/export/schemas";
import { PROMPT_BEFORE_FINAL_SLOT_SQL } from "@/lib/export/sql/conversation";
import { needsFor, responseConditions, responseJoins, responseMetadataColumns } from "@/lib/export/sql/filters";
import { SqlParams } from "@/lib/export/sql/params";

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * Preference pairs (rule in docs/formats.md):
 * - votes: each reviewer's ranking (one per reviewer and prompt, best first) votes for every ordered
 *   pair it implies, all of them, not only neighbours (a tie, two responses of equal rank, votes for
 *   neither); and each accepted response of a prompt beats each rejected one by one vote;
 * - a pair of responses appears once, the direction with more votes chosen; a tie is dropped;
 * - only prompts with a single slot: in a multi-slot prompt each response wrote its own earlier turns,
 *   so two final answers do not follow the same conversation and cannot share one `prompt`;
 * - the filters (status, dates, labeler, …) select the chosen response; the rejected one is any
 *   response of the prompt it beats. Ids in a ranking that are not responses of that prompt are ignored;
 * - rewrites: an accepted response whose turn changed the model suggestion it started from beats that
 *   suggestion (no votes; `source` "rewrite"). Other pairs are "ranking" when a ranking voted on them,
 *   else "review".
 */
export function preferenceQuery(projectId: string, options: ExportOptions) {
  const params = new SqlParams();
  const project = params.add(projectId, "::uuid");
  const needs = needsFor(options);
  const metadata =
    options.include === "metadata"
      ? `, p.id AS "promptId", p.external_id AS "externalId", p.metadata AS "promptMetadata",
         ${responseMetadataColumns("c", "chosen.")}, ${responseMetadataColumns("l", "rejected.")},
         pairs.votes_for AS "votesFor", pairs.votes_against AS "votesAgainst",
         s.id AS "suggestionId", s.model AS "suggestionModel", s.parameters AS "suggestionParameters"`
      : "";
  const ranked = (alias: string) =>
    `jsonb_array_elements_text(CASE WHEN jsonb_typeof(rk.response_ids) = 'array' THEN rk.response_ids ELSE '[]'::jsonb END) WITH ORDINALITY ${alias}(id, n)`;
  const text = `WITH votes AS (
      SELECT rk.prompt_id, a.id::uuid AS better, b.id::uuid AS worse, true AS ranked
        FROM rankings rk
        JOIN prompts rp ON rp.id = rk.prompt_id AND rp.project_id = ${project} AND rp.slot_count = 1
       CROSS JOIN LATERAL ${ranked("a")}
       CROSS JOIN LATERAL ${ranked("b")}
       -- The place is rk.ranks[n] (equal for a tie), or n itself for a ranking stored without ranks.
       WHERE coalesce(rk.ranks[a.n], a.n) < coalesce(rk.ranks[b.n], b.n) AND a.id ~ ${UUID_TEXT} AND b.id ~ ${UUID_TEXT} AND lower(a.id) <> lower(b.id)
      UNION ALL
      SELECT w.prompt_id, w.id, x.id, false
        FROM responses w
        JOIN responses x ON x.prompt_id = w.prompt_id AND x.status = 'rejected'
       WHERE w.project_id = ${project} AND w.status = 'accepted'
    ), tally AS (
      SELECT prompt_id, least(better, worse) AS x, greatest(better, worse) AS y,
             count(*) FILTER (WHERE better < worse) AS x_votes, count(*) FILTER (WHERE better > worse) AS y_votes,
             bool_or(ranked) AS ranked
        FROM votes GROUP BY 1, 2, 3
    ), pairs AS (
      SELECT prompt_id,
             CASE WHEN x_votes > y_votes THEN x ELSE y END AS chosen,
             CASE WHEN x_votes > y_votes THEN y ELSE x END AS rejected,
             NULL::uuid AS suggestion,
             greatest(x_votes, y_votes) AS votes_for, least(x_votes, y_votes) AS votes_against,
             CASE WHEN ranked THEN 'ranking' ELSE 'review' END AS source
        FROM tally WHERE x_votes <> y_votes
      UNION ALL
      SELECT w.prompt_id, w.id, NULL::uuid, rp.suggestion_id, NULL, NULL, 'rewrite'
        FROM responses w
        JOIN response_provenance rp ON rp.response_id = w.id AND rp.turn = 0 AND rp.edit_distance > 0
       WHERE w.project_id = ${project} AND w.status = 'accepted'
    )
    SELECT ${PROMPT_BEFORE_FINAL_SLOT_SQL} AS prompt, c.turns->>0 AS chosen, coalesce(l.turns->>0, s.content) AS rejected,
           pairs.source${metadata}
      FROM pairs
      JOIN prompts p ON p.id = pairs.prompt_id AND p.slot_count = 1
      JOIN responses c ON c.id = pairs.chosen AND c.prompt_id = p.id
      LEFT JOIN responses l ON l.id = pairs.rejected AND l.prompt_id = p.id
      LEFT JOIN suggestions s ON s.id = pairs.suggestion AND s.prompt_id = p.id
      ${responseJoins("c", needs)}
      ${options.include === "metadata" ? responseJoins("l", { guidelines: true, review: true }) : ""}
     WHERE ${[`c.project_id = ${project}`, "(l.id IS NOT NULL OR s.id IS NOT NULL)", ...responseConditions("c", options, params)].join("\n       AND ")}
     ORDER BY p.seq, c.seq, l.seq NULLS LAST
     ${options.limit !== undefined ? `LIMIT ${params.add(options.limit, "::int")}` : ""}`;
  return { text, values: params.values };
}
