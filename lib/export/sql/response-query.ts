import type { ExportOptions } from "@/lib/export/schemas";
import { conversationSql } from "@/lib/export/sql/conversation";
import { needsFor, responseConditions, responseJoins, responseMetadataColumns } from "@/lib/export/sql/filters";
import { SqlParams } from "@/lib/export/sql/params";

/**
 * One row per response that passes the filters, in export order (submit order, `seq`): the filled
 * conversation as JSON text, and the metadata columns when asked for. `afterSeq` is the resolved
 * `after` parameter (rows strictly after that response).
 *
 * `openai-line` selects instead one column, the finished `{"messages": …}` line (without its "\n"),
 * for the binary COPY fast path; `renderOpenAi` writes the same text from a `conversation` row.
 */
export function responseQuery(
  projectId: string,
  options: ExportOptions,
  afterSeq: number | null,
  shape: "conversation" | "openai-line" = "conversation",
) {
  const params = new SqlParams();
  const needs = needsFor(options);
  const where = [`r.project_id = ${params.add(projectId, "::uuid")}`, ...responseConditions("r", options, params)];
  if (afterSeq !== null) where.push(`r.seq > ${params.add(afterSeq, "::int")}`);
  const metadata =
    options.include === "metadata"
      ? `, p.id AS "promptId", p.external_id AS "externalId", p.metadata AS "promptMetadata", ${responseMetadataColumns("r", "")}`
      : "";
  const columns =
    shape === "openai-line"
      ? `'{"messages": ' || ${conversationSql("r.turns")} || '}' AS line`
      : `${conversationSql("r.turns")} AS conversation${metadata}`;
  const text = `SELECT ${columns}
      FROM responses r
      JOIN prompts p ON p.id = r.prompt_id
      ${responseJoins("r", needs)}
     WHERE ${where.join("\n       AND ")}
     ORDER BY r.seq
     ${options.limit !== undefined ? `LIMIT ${params.add(options.limit, "::int")}` : ""}`;
  return { text, values: params.values };
}
