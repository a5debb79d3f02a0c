import "server-only";
import { prisma } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { projectFilterSql } from "@/lib/projects/access";

/** A skipped task of the user's that kept a draft, with its project and prompt. */
export type SkippedDraftRow = {
  id: string;
  draft: unknown;
  finishedAt: Date | null;
  projectName: string;
  projectSlug: string;
  externalId: string | null;
};

/**
 * The user's skipped tasks with a draft, in projects they may see, newest first (finished_at, id), up to `take`:
 * one statement, since My work and the waiting counts read it on every view.
 */
export function skippedDraftRows(actor: Pick<Actor, "id" | "role">, take: number): Promise<SkippedDraftRow[]> {
  return prisma.$queryRaw<SkippedDraftRow[]>`
    SELECT t.id, t.draft, t.finished_at AS "finishedAt",
           p.name AS "projectName", p.slug AS "projectSlug", pr.external_id AS "externalId"
      FROM tasks t
      JOIN projects p ON p.id = t.project_id
      JOIN prompts pr ON pr.id = t.prompt_id
     WHERE t.user_id = ${actor.id}::uuid AND t.status = 'skipped'
       AND t.draft IS NOT NULL AND t.draft <> 'null'::jsonb
       AND ${projectFilterSql(actor, "see", "p")}
     ORDER BY t.finished_at DESC NULLS FIRST, t.id DESC
     LIMIT ${take}`;
}
