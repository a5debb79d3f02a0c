import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { requireProjectOf } from "@/lib/projects/access";
import { getTaskView } from "@/lib/tasks/task-view";
import type { CandidateRankingRequest } from "@/lib/assistant/schemas";

/**
 * Compare mode (docs/decisions/018-compare-mode.md): the labeler ranks the candidates one request for suggestions
 * gave them, as a reviewer ranks responses, and the order the screen showed them in is kept beside the ranking.
 * The ranking votes for preference pairs between the candidates by the reviewer's rule (docs/formats.md).
 */

/** `ranks[i]` is the place of `suggestionIds[i]` (1 = best); equal places are a tie. */
export type CandidateRankingView = {
  taskId: string;
  turn: number;
  batchId: string;
  suggestionIds: string[];
  ranks: number[];
  displayOrder: string[];
  createdAt: Date;
  updatedAt: Date;
};

/** The latest candidates offered for a turn, as the labeler got them, and their ranking when there is one. */
export type CandidatesView = {
  turn: number;
  batchId: string;
  candidates: { id: string; model: string; content: string }[];
  ranking: CandidateRankingView | null;
};

const rankingSelect = {
  taskId: true,
  turn: true,
  batchId: true,
  suggestionIds: true,
  ranks: true,
  displayOrder: true,
  createdAt: true,
  updatedAt: true,
} as const;

function toView(row: {
  taskId: string;
  turn: number;
  batchId: string;
  suggestionIds: unknown;
  ranks: number[];
  displayOrder: unknown;
  createdAt: Date;
  updatedAt: Date;
}): CandidateRankingView {
  return { ...row, suggestionIds: row.suggestionIds as string[], displayOrder: row.displayOrder as string[] };
}

/**
 * The task's own labeler while the task is work in progress, as for asking for suggestions: active, sent back,
 * or waiting for review and still editable. Anyone else's task is "not found".
 */
async function workInProgress(actor: Actor, taskId: string) {
  assertCan(actor, "label");
  await requireProjectOf(actor, { task: taskId }, "label", "write");
  const task = await getTaskView(actor, taskId);
  if (task.status !== "active" && task.revision === null && task.editing === null)
    throw new AppError("conflict", "This task is finished; its candidates can no longer be ranked", {
      reason: "task_closed",
    });
  return task;
}

/**
 * Stores the labeler's ranking of one request's candidates and the order they were shown in. The ids must be
 * exactly the candidates of one request made for this task (all of them, each once); anything else is a 400
 * before anything is written. One ranking per task and turn: ranking again, or ranking a newer request's
 * candidates for the same turn, replaces it.
 */
export async function rankCandidates(
  actor: Actor,
  taskId: string,
  input: CandidateRankingRequest,
): Promise<CandidateRankingView> {
  const task = await workInProgress(actor, taskId);
  const rows = await prisma.suggestion.findMany({
    where: { id: { in: input.suggestionIds }, taskId: task.id },
    select: { id: true, batchId: true, turn: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const strangers = input.suggestionIds.flatMap((id, index) =>
    byId.has(id) ? [] : [{ path: ["suggestionIds", index], message: "Not a candidate offered for this task" }],
  );
  if (strangers.length > 0) throw new AppError("validation_error", "The candidate ranking is not valid", strangers);
  const batches = new Set(rows.map((r) => r.batchId));
  if (batches.size > 1)
    throw new AppError("validation_error", "The candidate ranking is not valid", [
      { path: ["suggestionIds"], message: "Rank the candidates of one request for suggestions, not of several" },
    ]);
  const { batchId, turn } = rows[0]!;
  const offered = await prisma.suggestion.count({ where: { taskId: task.id, batchId } });
  if (offered !== input.suggestionIds.length)
    throw new AppError("validation_error", "The candidate ranking is not valid", [
      { path: ["suggestionIds"], message: `Rank every candidate of the request: ${offered} were offered` },
    ]);

  const data = {
    batchId,
    projectId: task.projectId,
    suggestionIds: input.suggestionIds,
    ranks: input.ranks,
    displayOrder: input.displayOrder,
  };
  const row = await prisma.candidateRanking.upsert({
    where: { taskId_turn: { taskId: task.id, turn } },
    create: { taskId: task.id, turn, ...data },
    update: data,
    select: rankingSelect,
  });
  return toView(row);
}

/**
 * The latest request for suggestions of a task that gave two or more candidates (compare mode), for the screen
 * to show again after a reload, with its ranking when the labeler stored one; null when there is none.
 */
export async function latestCandidates(actor: Actor, taskId: string): Promise<CandidatesView | null> {
  const task = await getTaskView(actor, taskId);
  const latest = await prisma.suggestion.findFirst({
    where: { taskId: task.id },
    orderBy: { createdAt: "desc" },
    select: { batchId: true, turn: true },
  });
  if (!latest) return null;
  const candidates = await prisma.suggestion.findMany({
    where: { taskId: task.id, batchId: latest.batchId },
    orderBy: { candidate: "asc" },
    select: { id: true, model: true, content: true },
  });
  if (candidates.length < 2) return null;
  const ranking = await prisma.candidateRanking.findUnique({
    where: { taskId_turn: { taskId: task.id, turn: latest.turn } },
    select: rankingSelect,
  });
  return {
    turn: latest.turn,
    batchId: latest.batchId,
    candidates,
    ranking: ranking && ranking.batchId === latest.batchId ? toView(ranking) : null,
  };
}
