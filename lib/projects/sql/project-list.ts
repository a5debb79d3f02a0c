import "server-only";
import type { ProjectAccess, ProjectStatus } from "@/generated/prisma/enums";
import { prisma } from "@/lib/db";
import { COUNT_LIMIT } from "@/lib/bounded-count";
import type { Actor } from "@/lib/auth/permissions";
import { projectFilterSql, projectStatusSql, type ProjectStatusFilter } from "@/lib/projects/access";

/** A project with the work available to one user (counts are bigint). */
export type ProjectListRow = {
  id: string;
  slug: string;
  name: string;
  description: string;
  responsesPerPrompt: number;
  maxResponseTokens: number;
  access: ProjectAccess;
  status: ProjectStatus;
  promptCount: bigint;
  /** Prompts the user could claim now, counted up to COUNT_LIMIT (lib/bounded-count.ts). */
  available: bigint;
  /** The user's responses a reviewer sent back. */
  revisions: bigint;
  /** The user holds a lease in the project that has not lapsed. */
  hasActiveTask: boolean;
};

/**
 * The projects `actor` may see (or review, with `need`), newest first, in one query (no N+1). Read only:
 * pages call this on GET, which must change nothing. A lapsed lease still counts in `taken` until the
 * next claim releases it (exemplar_release_expired_tasks), so it is subtracted here instead, and the
 * caller's own lapsed task no longer keeps its prompt from them; "lapsed" is exemplar_lease_lapsed
 * (prisma/functions/leasing.sql), the claim's rule. A prompt with room is open (`open` is never false while
 * `taken` < responsesPerPrompt) or has a lapsed lease, so only those two sets are read, through the
 * (project_id, open, seq) index and the lapsed leases, not every prompt of the project.
 */
export function projectListRows(
  actor: Pick<Actor, "id" | "role">,
  need: "see" | "review",
  status: ProjectStatusFilter,
): Promise<ProjectListRow[]> {
  return prisma.$queryRaw<ProjectListRow[]>`
    WITH lapsed AS (
      SELECT prompt_id, count(*) AS n FROM tasks
       WHERE status = 'active' AND exemplar_lease_lapsed(expires_at)
       GROUP BY prompt_id
    )
    SELECT p.id, p.slug, p.name, p.description,
           p.responses_per_prompt AS "responsesPerPrompt",
           p.max_response_tokens AS "maxResponseTokens",
           p.access, p.status,
           (SELECT count(*) FROM prompts pr WHERE pr.project_id = p.id) AS "promptCount",
           (SELECT count(*) FROM (
              SELECT 1
                FROM (SELECT pr.id, pr.taken FROM prompts pr WHERE pr.project_id = p.id AND pr.open
                      UNION ALL
                      SELECT pr.id, pr.taken FROM lapsed l JOIN prompts pr ON pr.id = l.prompt_id
                       WHERE pr.project_id = p.id AND NOT pr.open) pr
                LEFT JOIN lapsed l ON l.prompt_id = pr.id
               WHERE pr.taken - coalesce(l.n, 0) < p.responses_per_prompt
                 AND NOT EXISTS (SELECT 1 FROM tasks t
                                  WHERE t.prompt_id = pr.id AND t.user_id = ${actor.id}::uuid
                                    AND t.status <> 'expired'
                                    AND NOT (t.status = 'active' AND exemplar_lease_lapsed(t.expires_at)))
               LIMIT ${COUNT_LIMIT}) a) AS available,
           (SELECT count(*) FROM responses r
             WHERE r.project_id = p.id AND r.author_id = ${actor.id}::uuid AND r.status = 'needs_revision') AS revisions,
           EXISTS (SELECT 1 FROM tasks t
                    WHERE t.project_id = p.id AND t.user_id = ${actor.id}::uuid
                      AND t.status = 'active' AND NOT exemplar_lease_lapsed(t.expires_at)) AS "hasActiveTask"
      FROM projects p
     WHERE ${projectFilterSql(actor, need, "p")} AND ${projectStatusSql(status, "p")}
     ORDER BY p.created_at DESC, p.id`;
}
