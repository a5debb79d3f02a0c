import "server-only";
import { promptProgressRows } from "@/lib/projects/sql/prompt-progress";

/**
 * Where a project's prompts stand, by the one definition every screen and the API use (glossary
 * "done"): a prompt is **done** when each of its responsesPerPrompt places holds a response and every
 * one of them is decided (accepted or rejected): no labeler or reviewer has anything left to do on it.
 * It is **in review** when every place is filled but a response still waits for a decision (or is
 * with its author for a revision), and **remaining** while places are still to be written.
 */
export type PromptProgress = { prompts: number; done: number; inReview: number; remaining: number };

export const NO_PROMPTS: PromptProgress = { prompts: 0, done: 0, inReview: 0, remaining: 0 };

/** By project id; a project without prompts is absent (read it as NO_PROMPTS). `null`: every project. */
export async function promptProgress(projectId: string | null): Promise<Map<string, PromptProgress>> {
  const rows = await promptProgressRows(projectId);
  return new Map(
    rows.map((row) => {
      const prompts = Number(row.prompts);
      const done = Number(row.done);
      const inReview = Number(row.in_review);
      return [row.project_id, { prompts, done, inReview, remaining: prompts - done - inReview }];
    }),
  );
}
