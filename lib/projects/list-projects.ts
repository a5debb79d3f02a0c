import "server-only";
import type { Actor } from "@/lib/auth/permissions";
import type { ProjectStatusFilter } from "@/lib/projects/access";
import { COUNT_LIMIT } from "@/lib/bounded-count";
import { projectListRows, type ProjectListRow } from "@/lib/projects/sql/project-list";

/** A project with the work available to the caller. */
export type ProjectListItem = Omit<ProjectListRow, "promptCount" | "available" | "revisions"> & {
  promptCount: number;
  /** Prompts the caller could claim now, plus the task they already hold and their responses sent back for a revision. */
  availableTasks: number;
  /** Counting the prompts available stopped at COUNT_LIMIT (lib/bounded-count.ts): availableTasks is a lower bound. */
  availableTasksAtLeast: boolean;
  /** The caller's responses a reviewer sent back; tasks/next offers them first (docs/review.md). */
  revisionsRequested: number;
};

export type ListProjectsOptions = {
  /** `review`: only the projects the caller may review (the review home); default: those they may see. */
  need?: "see" | "review";
  /** Archived projects are left out unless asked for: `archived` alone, or `all`. */
  status?: ProjectStatusFilter;
};

/** Projects the caller may see (lib/projects/access.ts) with the work available to them, in one query (no N+1). */
export async function listProjects(actor: Actor, options: ListProjectsOptions = {}): Promise<ProjectListItem[]> {
  const rows = await projectListRows(actor, options.need ?? "see", options.status);
  return rows.map(({ promptCount, available, revisions, ...row }) => ({
    ...row,
    promptCount: Number(promptCount),
    availableTasks: Number(available) + (row.hasActiveTask ? 1 : 0) + Number(revisions),
    availableTasksAtLeast: Number(available) >= COUNT_LIMIT,
    revisionsRequested: Number(revisions),
  }));
}
