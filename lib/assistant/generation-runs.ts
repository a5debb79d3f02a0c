import "server-only";
import type { SuggestionRun } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertRequesterCan, requesterId, type Requester } from "@/lib/auth/permissions";
import { requireProject } from "@/lib/projects/access";
import { lockProjectRow } from "@/lib/projects/sql/locks";
import { recordEvent } from "@/lib/audit/record-event";
import { liveConnection } from "@/lib/assistant/connections";
import { abortLocalRun, sendGenerationSlice } from "@/lib/assistant/generation-worker";
import { insertRunItems, runCounts } from "@/lib/assistant/sql/generation";

/**
 * Pre-generation as the API and the screens see it: start a run over the project's open prompts, follow its
 * progress, cancel it. The work itself is lib/assistant/generation-worker.ts.
 */
export type GenerationProgress = {
  /** The latest run's id; null when the project never had one. */
  id: string | null;
  state: "none" | SuggestionRun["state"];
  /** Prompts in the run: the open prompts without a current pre-generated suggestion when it started. */
  total: number;
  /** Prompts whose suggestion is stored. */
  done: number;
  /** Prompts given up on: attempts spent, or a failure that would only repeat (a 4xx, a broken answer). */
  failed: number;
  /** Prompts still to do; `waiting` of them failed for a while (429, 5xx) and wait for their next attempt. */
  pending: number;
  waiting: number;
  startedAt: Date | null;
  startedBy: { id: string; name: string } | null;
  finishedAt: Date | null;
  /** Why a run failed as a whole: `connection_deleted`, `api_key_unreadable`, `queue_unavailable`. */
  reason: string | null;
};

const NONE: GenerationProgress = {
  id: null,
  state: "none",
  total: 0,
  done: 0,
  failed: 0,
  pending: 0,
  waiting: 0,
  startedAt: null,
  startedBy: null,
  finishedAt: null,
  reason: null,
};

async function adminProject(requester: Requester, projectIdOrSlug: string, intent: "read" | "write") {
  assertRequesterCan(requester, "admin");
  return requireProject(requester, projectIdOrSlug, "admin", intent);
}

async function progressOf(run: SuggestionRun | null): Promise<GenerationProgress> {
  if (!run) return NONE;
  const [counts, startedBy] = await Promise.all([
    runCounts(run.id),
    run.startedById
      ? prisma.user.findUnique({ where: { id: run.startedById }, select: { id: true, name: true } })
      : null,
  ]);
  return {
    id: run.id,
    state: run.state,
    total: run.total,
    done: counts.done,
    failed: counts.failed,
    pending: counts.pending,
    waiting: counts.waiting,
    startedAt: run.startedAt,
    startedBy,
    finishedAt: run.finishedAt,
    reason: run.reason,
  };
}

const latestRun = (projectId: string) =>
  prisma.suggestionRun.findFirst({ where: { projectId }, orderBy: { startedAt: "desc" } });

/** The project's latest run and how far it got (`state: "none"` before the first). */
export async function generationProgress(requester: Requester, projectIdOrSlug: string): Promise<GenerationProgress> {
  const project = await adminProject(requester, projectIdOrSlug, "read");
  return progressOf(await latestRun(project.id));
}

/**
 * Starts generating suggestions for the project's open prompts (docs/glossary.md "open") whose first slot has
 * no current pre-generated suggestion. One run per project at a time (409 `generation_running`); a project
 * without a connection answers 409 `no_model_connection`. Audited as `suggestions.generate`.
 */
export async function startGeneration(requester: Requester, projectIdOrSlug: string): Promise<GenerationProgress> {
  const project = await adminProject(requester, projectIdOrSlug, "write");
  const connection = await liveConnection(project.id);
  if (!connection)
    throw new AppError("conflict", "This project has no model assistant", { reason: "no_model_connection" });
  const run = await prisma.$transaction(async (tx) => {
    await lockProjectRow(tx, project.id);
    const running = await tx.suggestionRun.findFirst({
      where: { projectId: project.id, state: "running" },
      select: { id: true },
    });
    if (running)
      throw new AppError("conflict", "Suggestions are already being generated for this project", {
        reason: "generation_running",
        runId: running.id,
      });
    const created = await tx.suggestionRun.create({
      data: { projectId: project.id, connectionId: connection.id, total: 0, startedById: requesterId(requester) },
    });
    const total = await insertRunItems(tx, created.id, project.id, {
      connectionId: connection.id,
      updatedAt: connection.updatedAt,
      candidates: connection.candidates,
    });
    const started = await tx.suggestionRun.update({
      where: { id: created.id },
      data: { total, ...(total === 0 ? { state: "finished", finishedAt: new Date() } : {}) },
    });
    await recordEvent(
      {
        actorId: requesterId(requester),
        action: "suggestions.generate",
        entityType: "suggestion_run",
        entityId: created.id,
        projectId: project.id,
        after: { total, model: connection.model, concurrency: connection.concurrency },
      },
      tx,
    );
    return started;
  });
  if (run.state === "running") {
    try {
      await sendGenerationSlice(run.id, connection.timeoutSeconds);
    } catch (error) {
      await prisma.suggestionRun.updateMany({
        where: { id: run.id, state: "running" },
        data: { state: "failed", reason: "queue_unavailable", finishedAt: new Date() },
      });
      throw error;
    }
  }
  return progressOf(await prisma.suggestionRun.findUnique({ where: { id: run.id } }));
}

/**
 * Cancels the project's running run: no model call starts after this (calls under way in this process stop at
 * once, in another worker within a second); suggestions already stored stay. Audited as `suggestions.cancel`.
 * Without a running run it answers the latest run's progress and changes nothing.
 */
export async function cancelGeneration(requester: Requester, projectIdOrSlug: string): Promise<GenerationProgress> {
  const project = await adminProject(requester, projectIdOrSlug, "write");
  const cancelled = await prisma.$transaction(async (tx) => {
    const running = await tx.suggestionRun.findFirst({ where: { projectId: project.id, state: "running" } });
    if (!running) return null;
    const { count } = await tx.suggestionRun.updateMany({
      where: { id: running.id, state: "running" },
      data: { state: "cancelled", cancelledById: requesterId(requester), finishedAt: new Date() },
    });
    if (count === 0) return null;
    await recordEvent(
      {
        actorId: requesterId(requester),
        action: "suggestions.cancel",
        entityType: "suggestion_run",
        entityId: running.id,
        projectId: project.id,
        before: { state: "running" },
        after: { state: "cancelled" },
      },
      tx,
    );
    return running.id;
  });
  if (cancelled) abortLocalRun(cancelled);
  return progressOf(await latestRun(project.id));
}
