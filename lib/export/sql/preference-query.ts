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
 * - a labeler's ranking of the candidates a model offered them (compare mode, one per task and turn)
 *   votes by the same rule (rankingVotes, below), for pairs of candidates: `source` "candidate_ranking",
 *   and the response of that task is the one the filters apply to;
 * - a pair appears once, the direction with more votes chosen; a tie is dropped;
 * - only prompts with a single slot: in a multi-slot prompt each response wrote its own earlier turns,
 *   so two final answers do not follow the same conversation and cannot share one `prompt`;
 * - the filters (status, dates, labeler, …) select the chosen response; the rejected one is any
 *   response of the prompt it beats. Ids in a ranking that are not responses of that prompt are ignored;
 * - rewrites: an accepted response whose turn changed the model suggestion it started from beats that
 *   suggestion (no votes; `source` "rewrite"); in compare mode, an accepted response whose text is none of
 *   the candidates it ranked also beats each of them. Other pairs are "ranking" when a reviewer's ranking
 *   voted on them, else "review".
 */
export function preferenceQuery(projectId: string, options: ExportOptions) {
  const params = new SqlParams();
  const project = params.add(projectId, "::uuid");
  const needs = needsFor(options);
  const position = (suggestion: string) =>
    `(SELECT d.n FROM candidate_rankings ck
        CROSS JOIN LATERAL jsonb_array_elements_text(ck.display_order) WITH ORDINALITY d(id, n)
       WHERE ck.task_id = c.task_id AND ck.turn = 0 AND d.id = ${suggestion}.id::text)`;
  const metadata =
    options.include === "metadata"
      ? `, p.id AS "promptId", p.external_id AS "externalId", p.metadata AS "promptMetadata",
         ${responseMetadataColumns("c", "chosen.")}, ${responseMetadataColumns("l", "rejected.")},
         pairs.votes_for AS "votesFor", pairs.votes_against AS "votesAgainst",
         s.id AS "suggestionId", s.model AS "suggestionModel", s.parameters AS "suggestionParameters",
         cs.id AS "chosenSuggestionId", cs.model AS "chosenSuggestionModel",
         cs.parameters AS "chosenSuggestionParameters",
         CASE WHEN cs.id IS NOT NULL THEN ${position("cs")} END AS "chosenSuggestionPosition",
         CASE WHEN cs.id IS NOT NULL THEN ${position("s")} END AS "suggestionPosition"`
      : "";
  const text = `WITH votes AS (
      SELECT rk.prompt_id, a.id::uuid AS better, b.id::uuid AS worse, 'ranking' AS kind, NULL::uuid AS response
        FROM rankings rk
        JOIN prompts rp ON rp.id = rk.prompt_id AND rp.project_id = ${project} AND rp.slot_count = 1
       ${rankingVotes("rk.response_ids", "rk.ranks")}
      UNION ALL
      SELECT cw.prompt_id, a.id::uuid, b.id::uuid, 'candidate_ranking', cw.id
        FROM candidate_rankings ck
        JOIN responses cw ON cw.task_id = ck.task_id
        JOIN prompts cp ON cp.id = cw.prompt_id AND cp.slot_count = 1
       ${rankingVotes("ck.suggestion_ids", "ck.ranks")}
         AND ck.project_id = ${project} AND ck.turn = 0
      UNION ALL
      SELECT w.prompt_id, w.id, x.id, 'review', NULL::uuid
        FROM responses w
        JOIN responses x ON x.prompt_id = w.prompt_id AND x.status = 'rejected'
       WHERE w.project_id = ${project} AND w.status = 'accepted'
    ), tally AS (
      SELECT prompt_id, least(better, worse) AS x, greatest(better, worse) AS y,
             count(*) FILTER (WHERE better < worse) AS x_votes, count(*) FILTER (WHERE better > worse) AS y_votes,
             bool_or(kind = 'ranking') AS ranked, bool_or(kind = 'candidate_ranking') AS candidates,
             (array_agg(response) FILTER (WHERE response IS NOT NULL))[1] AS response
        FROM votes GROUP BY 1, 2, 3
    ), decided AS (
      SELECT prompt_id, candidates, ranked, response,
             CASE WHEN x_votes > y_votes THEN x ELSE y END AS better,
             CASE WHEN x_votes > y_votes THEN y ELSE x END AS worse,
             greatest(x_votes, y_votes) AS votes_for, least(x_votes, y_votes) AS votes_against
        FROM tally WHERE x_votes <> y_votes
    ), pairs AS (
      -- response: the chosen response, or for a pair of candidates the response the ranking came with.
      SELECT prompt_id, better AS response, NULL::uuid AS chosen_suggestion, worse AS rejected,
             NULL::uuid AS suggestion, votes_for, votes_against,
             CASE WHEN ranked THEN 'ranking' ELSE 'review' END AS source
        FROM decided WHERE NOT candidates
      UNION ALL
      SELECT prompt_id, response, better, NULL, worse, votes_for, votes_against, 'candidate_ranking'
        FROM decided WHERE candidates
      UNION ALL
      SELECT w.prompt_id, w.id, NULL, NULL, rp.suggestion_id, NULL, NULL, 'rewrite'
        FROM responses w
        JOIN response_provenance rp ON rp.response_id = w.id AND rp.turn = 0 AND rp.edit_distance > 0
       WHERE w.project_id = ${project} AND w.status = 'accepted'
      UNION ALL
      -- Compare mode: a text of the labeler's own beats every candidate they ranked (the one it started from is
      -- the rewrite above); a text equal to a candidate says no more than the candidate ranking does.
      SELECT w.prompt_id, w.id, NULL, NULL, cand.id, NULL, NULL, 'rewrite'
        FROM responses w
        JOIN candidate_rankings ck ON ck.task_id = w.task_id AND ck.turn = 0
        JOIN suggestions cand ON cand.task_id = w.task_id AND cand.batch_id = ck.batch_id
       WHERE w.project_id = ${project} AND w.status = 'accepted'
         AND NOT EXISTS (SELECT 1 FROM suggestions same
                          WHERE same.task_id = w.task_id AND same.batch_id = ck.batch_id AND same.content = w.turns->>0)
         AND NOT EXISTS (SELECT 1 FROM response_provenance rp
                          WHERE rp.response_id = w.id AND rp.turn = 0 AND rp.suggestion_id = cand.id)
    )
    SELECT ${PROMPT_BEFORE_FINAL_SLOT_SQL} AS prompt, coalesce(cs.content, c.turns->>0) AS chosen,
           coalesce(l.turns->>0, s.content) AS rejected, pairs.source${metadata}
      FROM pairs
      JOIN prompts p ON p.id = pairs.prompt_id AND p.slot_count = 1
      JOIN responses c ON c.id = pairs.response AND c.prompt_id = p.id
      LEFT JOIN suggestions cs ON cs.id = pairs.chosen_suggestion AND cs.task_id = c.task_id
      LEFT JOIN responses l ON l.id = pairs.rejected AND l.prompt_id = p.id
      LEFT JOIN suggestions s ON s.id = pairs.suggestion AND s.prompt_id = p.id
      ${responseJoins("c", needs)}
      ${options.include === "metadata" ? responseJoins("l", { guidelines: true, review: true }) : ""}
     WHERE ${[
       `c.project_id = ${project}`,
       "(l.id IS NOT NULL OR s.id IS NOT NULL)",
       "(pairs.chosen_suggestion IS NULL OR cs.id IS NOT NULL)",
       ...responseConditions("c", options, params),
     ].join("\n       AND ")}
     ORDER BY p.seq, c.seq, l.seq NULLS LAST, cs.candidate NULLS FIRST, s.candidate NULLS FIRST
     ${options.limit !== undefined ? `LIMIT ${params.add(options.limit, "::int")}` : ""}`;
  return { text, values: params.values };
}

const rankedIds = (ids: string, alias: string) =>
  `jsonb_array_elements_text(CASE WHEN jsonb_typeof(${ids}) = 'array' THEN ${ids} ELSE '[]'::jsonb END) WITH ORDINALITY ${alias}(id, n)`;

/**
 * The one rule by which a stored ranking votes (docs/formats.md, rule 1), for a reviewer's ranking of responses
 * and a labeler's ranking of candidates alike: `a` beats `b` for every ordered pair of its ids, all of them, not
 * only neighbours; the place is `ranks[n]` (equal for a tie, which votes for neither), or n itself for a ranking
 * stored without ranks. `ids` is the JSON array of ids best first, `ranks` its int[] of places; both are trusted
 * column names. Continues a FROM clause with its joins and its WHERE.
 */
function rankingVotes(ids: string, ranks: string): string {
  return `CROSS JOIN LATERAL ${rankedIds(ids, "a")}
       CROSS JOIN LATERAL ${rankedIds(ids, "b")}
       WHERE coalesce(${ranks}[a.n], a.n) < coalesce(${ranks}[b.n], b.n) AND a.id ~ ${UUID_TEXT} AND b.id ~ ${UUID_TEXT} AND lower(a.id) <> lower(b.id)`;
}
