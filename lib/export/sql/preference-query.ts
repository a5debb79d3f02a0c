import type { ExportOptions } from "@/lib/export/schemas";
import { PROMPT_BEFORE_FINAL_SLOT_SQL } from "@/lib/export/sql/conversation";
import { needsFor, responseConditions, responseJoins, responseMetadataColumns } from "@/lib/export/sql/filters";
import { SqlParams } from "@/lib/export/sql/params";

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * Preference pairs (rule in docs/formats.md):
 * - votes: each reviewer's ranking (one per reviewer and prompt, best first) votes for every ordered
 *   pair it implies, all of them, not only neighbours; and each accepted response of a prompt beats
 *   each rejected one by one vote;
 * - a pair of responses appears once, the direction with more votes chosen; a tie is dropped;
 * - only prompts with a single slot: in a multi-slot prompt each response wrote its own earlier turns,
 *   so two final answers do not follow the same conversation and cannot share one `prompt`;
 * - the filters (status, dates, labeler, …) select the chosen response; the rejected one is any
 *   response of the prompt it beats. Ids in a ranking that are not responses of that prompt are ignored.
 */
export function preferenceQuery(projectId: string, options: ExportOptions) {
  const params = new SqlParams();
  const project = params.add(projectId, "::uuid");
  const needs = needsFor(options);
  const metadata =
    options.include === "metadata"
      ? `, p.id AS "promptId", p.external_id AS "externalId", p.metadata AS "promptMetadata",
         ${responseMetadataColumns("c", "chosen.")}, ${responseMetadataColumns("l", "rejected.")},
         pairs.votes_for AS "votesFor", pairs.votes_against AS "votesAgainst"`
      : "";
  const ranked = (alias: string) =>
    `jsonb_array_elements_text(CASE WHEN jsonb_typeof(rk.response_ids) = 'array' THEN rk.response_ids ELSE '[]'::jsonb END) WITH ORDINALITY ${alias}(id, n)`;
  const text = `WITH votes AS (
      SELECT rk.prompt_id, a.id::uuid AS better, b.id::uuid AS worse
        FROM rankings rk
        JOIN prompts rp ON rp.id = rk.prompt_id AND rp.project_id = ${project} AND rp.slot_count = 1
       CROSS JOIN LATERAL ${ranked("a")}
       CROSS JOIN LATERAL ${ranked("b")}
       WHERE a.n < b.n AND a.id ~ ${UUID_TEXT} AND b.id ~ ${UUID_TEXT} AND lower(a.id) <> lower(b.id)
      UNION ALL
      SELECT w.prompt_id, w.id, x.id
        FROM responses w
        JOIN responses x ON x.prompt_id = w.prompt_id AND x.status = 'rejected'
       WHERE w.project_id = ${project} AND w.status = 'accepted'
    ), tally AS (
      SELECT prompt_id, least(better, worse) AS x, greatest(better, worse) AS y,
             count(*) FILTER (WHERE better < worse) AS x_votes, count(*) FILTER (WHERE better > worse) AS y_votes
        FROM votes GROUP BY 1, 2, 3
    ), pairs AS (
      SELECT prompt_id,
             CASE WHEN x_votes > y_votes THEN x ELSE y END AS chosen,
             CASE WHEN x_votes > y_votes THEN y ELSE x END AS rejected,
             greatest(x_votes, y_votes) AS votes_for, least(x_votes, y_votes) AS votes_against
        FROM tally WHERE x_votes <> y_votes
    )
    SELECT ${PROMPT_BEFORE_FINAL_SLOT_SQL} AS prompt, c.turns->>0 AS chosen, l.turns->>0 AS rejected${metadata}
      FROM pairs
      JOIN prompts p ON p.id = pairs.prompt_id AND p.slot_count = 1
      JOIN responses c ON c.id = pairs.chosen AND c.prompt_id = p.id
      JOIN responses l ON l.id = pairs.rejected AND l.prompt_id = p.id
      ${responseJoins("c", needs)}
      ${options.include === "metadata" ? responseJoins("l", { guidelines: true, review: true }) : ""}
     WHERE ${[`c.project_id = ${project}`, ...responseConditions("c", options, params)].join("\n       AND ")}
     ORDER BY p.seq, c.seq, l.seq
     ${options.limit !== undefined ? `LIMIT ${params.add(options.limit, "::int")}` : ""}`;
  return { text, values: params.values };
}
