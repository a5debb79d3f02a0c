import "server-only";
import { prisma } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";

export type ProjectListItem = {
  id: string;
  slug: string;
  name: string;
  description: string;
  responsesPerPrompt: number;
  maxResponseTokens: number;
  promptCount: number;
  /** Prompts the caller could claim now, plus the task they already hold and their responses sent back for a revision. */
  availableTasks: number;
  hasActiveTask: boolean;
  /** The caller's responses a reviewer sent back; tasks/next offers them first (docs/review.md). */
  revisionsRequested: number;
};

/** Projects with the work available to the caller, in one query (no N+1). */
export async function listProjects(actor: Actor): Promise<ProjectListItem[]> {
  // Read only: pages call this on GET, which must change nothing. A lapsed lease still counts in
  // `taken` until the next claim releases it (exemplar_release_expired_tasks), so it is subtracted
  // here instead, and the caller's own lapsed task no longer keeps its prompt from them.
  const rows = await prisma.$queryRaw<
    Array<
      Omit<ProjectListItem, "promptCount" | "availableTasks" | "revisionsRequested"> & {
        promptCount: bigint;
        available: bigint;
        revisions: bigint;
      }
    >
  >`
    WITH lapsed AS (
      SELECT prompt_id, count(*) AS n FROM tasks
       WHERE status = 'active' AND expires_at <= now()
       GROUP BY prompt_id
    )
    SELECT p.id, p.slug, p.name, p.description,
           p.responses_per_prompt AS "responsesPerPrompt",
           p.max_response_tokens AS "maxResponseTokens",
           (SELECT count(*) FROM prompts pr WHERE pr.project_id = p.id) AS "promptCount",
           (SELECT count(*) FROM prompts pr LEFT JOIN lapsed l ON l.prompt_id = pr.id
             WHERE pr.project_id = p.id AND pr.taken - coalesce(l.n, 0) < p.responses_per_prompt
               AND NOT EXISTS (SELECT 1 FROM tasks t
                                WHERE t.prompt_id = pr.id AND t.user_id = ${actor.id}::uuid
                                  AND t.status <> 'expired'
                                  AND NOT (t.status = 'active' AND t.expires_at <= now()))) AS available,
           (SELECT count(*) FROM responses r
             WHERE r.project_id = p.id AND r.author_id = ${actor.id}::uuid AND r.status = 'needs_revision') AS revisions,
           EXISTS (SELECT 1 FROM tasks t
                    WHERE t.project_id = p.id AND t.user_id = ${actor.id}::uuid
                      AND t.status = 'active' AND t.expires_at > now()) AS "hasActiveTask"
      FROM projects p
     ORDER BY p.created_at DESC, p.id`;
  return rows.map(({ promptCount, available, revisions, ...row }) => ({
    ...row,
    promptCount: Number(promptCount),
    availableTasks: Number(available) + (row.hasActiveTask ? 1 : 0) + Number(revisions),
    revisionsRequested: Number(revisions),
  }));
}
