import "server-only";
import { pool } from "@/lib/db";
import type { SelectedResponse } from "@/lib/review/response-view";

/**
 * What `responseSelect` reads, in one query: the ORM select loads each relation apart, and the submit reads it
 * after every submit (bench:load). Columns and nested objects are named as Prisma names them, so the row is a
 * `SelectedResponse` as it comes (lib/review/sql/response-view.db.test.ts compares them). `source` is `responses`
 * or a relation of its rows (the review decision's statement reads the row it just wrote, lib/review/sql/
 * review-decision.ts); its rows are aliased `r`, and the caller adds the WHERE.
 */
export function responseViewSql(source: string): string {
  return `
  SELECT r.id, r.seq, r.task_id AS "taskId", r.project_id AS "projectId", r.prompt_id AS "promptId",
         r.status::text AS status, r.turns, r.token_count AS "tokenCount", r.revision,
         r.second_opinion AS "secondOpinion", r.submitted_at AS "submittedAt", r.updated_at AS "updatedAt",
         json_build_object('id', u.id, 'name', u.name) AS author,
         CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('version', g.version) END AS guidelines,
         json_build_object('externalId', p.external_id) AS prompt
    FROM ${source} r
    JOIN users u ON u.id = r.author_id
    JOIN prompts p ON p.id = r.prompt_id
    LEFT JOIN guidelines_versions g ON g.id = r.guidelines_version_id`;
}

const RESPONSE_VIEW_SQL = `${responseViewSql("responses")}
   WHERE r.id = $1`;

/** The response as `responseSelect` reads it; undefined when there is none. */
export async function selectedResponseRow(responseId: string): Promise<SelectedResponse | undefined> {
  const { rows } = await pool().query<SelectedResponse>({
    name: "response-view",
    text: RESPONSE_VIEW_SQL,
    values: [responseId],
  });
  return rows[0];
}
