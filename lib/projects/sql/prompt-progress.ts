import "server-only";
import { prisma } from "@/lib/db";

/** Per project: its prompts, and how many are done or in review by the rule of lib/projects/prompt-progress.ts. */
export type PromptProgressRow = { project_id: string; prompts: bigint; done: bigint; in_review: bigint };

/**
 * The one query that classifies prompts (glossary "done"): every place filled (as many responses as
 * responsesPerPrompt; a rejected response keeps its place, as in claiming) and none undecided is done;
 * every place filled with a response still submitted or sent back is in review. Read from the prompt-state
 * counts the writes keep (analytics_prompt_states, decision 021): how many prompts have how many responses,
 * any undecided, any accepted; a handful of rows per project whatever its size, and a change of
 * responsesPerPrompt needs no recount. `projectId` null: all projects, in one pass.
 */
export function promptProgressRows(projectId: string | null): Promise<PromptProgressRow[]> {
  return prisma.$queryRaw<PromptProgressRow[]>`
    SELECT s.project_id, sum(s.prompts)::bigint AS prompts,
           coalesce(sum(s.prompts) FILTER (WHERE s.responses >= p.responses_per_prompt AND NOT s.undecided), 0)::bigint AS done,
           coalesce(sum(s.prompts) FILTER (WHERE s.responses >= p.responses_per_prompt AND s.undecided), 0)::bigint AS in_review
      FROM analytics_prompt_states s
      JOIN projects p ON p.id = s.project_id
     WHERE ${projectId}::uuid IS NULL OR s.project_id = ${projectId}::uuid
     GROUP BY s.project_id
    HAVING sum(s.prompts) > 0`;
}
