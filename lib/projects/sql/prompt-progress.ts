import "server-only";
import { prisma } from "@/lib/db";

/** Per project: its prompts, and how many are done or in review by the rule of lib/projects/prompt-progress.ts. */
export type PromptProgressRow = { project_id: string; prompts: bigint; done: bigint; in_review: bigint };

/**
 * The one query that classifies prompts (glossary "done"): every place filled (as many responses as
 * responsesPerPrompt; a rejected response keeps its place, as in claiming) and none undecided is done;
 * every place filled with a response still submitted or sent back is in review. `projectId` null: all
 * projects, in one pass.
 */
export function promptProgressRows(projectId: string | null): Promise<PromptProgressRow[]> {
  return prisma.$queryRaw<PromptProgressRow[]>`
    SELECT pr.project_id, count(*) AS prompts,
           count(*) FILTER (WHERE coalesce(r.n, 0) >= p.responses_per_prompt AND coalesce(r.undecided, 0) = 0) AS done,
           count(*) FILTER (WHERE coalesce(r.n, 0) >= p.responses_per_prompt AND r.undecided > 0) AS in_review
      FROM prompts pr
      JOIN projects p ON p.id = pr.project_id
      -- Filtered here too: PostgreSQL does not push the outer condition into a grouped subquery.
      LEFT JOIN (SELECT prompt_id, count(*) AS n,
                        count(*) FILTER (WHERE status IN ('submitted', 'needs_revision')) AS undecided
                   FROM responses
                  WHERE ${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid
                  GROUP BY prompt_id) r ON r.prompt_id = pr.id
     WHERE ${projectId}::uuid IS NULL OR pr.project_id = ${projectId}::uuid
     GROUP BY pr.project_id`;
}
