import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { pool } from "@/lib/db";

/**
 * The calls of the leasing functions (prisma/functions/leasing.sql), the only writers of tasks' status and
 * of prompts' `taken`/`open`. Each returns the function's outcome row; lib/tasks maps outcomes to answers.
 * The claim and the submit run on every labeler request, so they are named statements (lib/db.ts).
 */

export type ClaimRow = {
  outcome: "sent_back" | "held" | "claimed" | "none" | "no_project" | "no_guidelines";
  task: string | null;
};

/** `exemplar_claim_task`, by project id or (when `projectId` is null) slug. */
export async function claimTaskRow(
  projectId: string | null,
  projectSlug: string | null,
  userId: string,
): Promise<ClaimRow> {
  const { rows } = await pool().query<ClaimRow>({
    name: "claim-task",
    text: "SELECT outcome, task FROM exemplar_claim_task($1, $2, $3)",
    values: [projectId, projectSlug, userId],
  });
  return rows[0]!;
}

/**
 * Ends lapsed leases (of one project, or of all when none is given) and gives their places back to
 * the prompts, in one statement (the SQL function `exemplar_release_expired_tasks`, which every claim
 * also runs first), so no background job is needed; the task's draft is kept. Returns how many leases ended.
 */
export async function releaseExpiredTasks(projectId?: string): Promise<number> {
  const { rows } = await pool().query<{ released: number }>("SELECT exemplar_release_expired_tasks($1) AS released", [
    projectId ?? null,
  ]);
  return rows[0]!.released;
}

export type SkipOutcome = "skipped" | "submitted" | "not_found";

export async function skipTaskOutcome(taskId: string, userId: string, reason: string | null): Promise<SkipOutcome> {
  const { rows } = await pool().query<{ outcome: SkipOutcome }>("SELECT exemplar_skip_task($1, $2, $3) AS outcome", [
    taskId,
    userId,
    reason,
  ]);
  return rows[0]!.outcome;
}

export type ResumeOutcome = "resumed" | "active" | "not_skipped" | "full" | "not_found";

export async function resumeTaskOutcome(taskId: string, userId: string): Promise<ResumeOutcome> {
  const { rows } = await pool().query<{ outcome: ResumeOutcome }>("SELECT exemplar_resume_task($1, $2) AS outcome", [
    taskId,
    userId,
  ]);
  return rows[0]!.outcome;
}

/** What bounds a submit's token count: the task's slots and the project's limit per turn. */
export type TaskLimitsRow = { slots: number; token_limit: number };

/** The limits of the user's task; undefined when it is not theirs (or does not exist). */
export async function taskLimitsRow(taskId: string, userId: string): Promise<TaskLimitsRow | undefined> {
  const { rows } = await pool().query<TaskLimitsRow>({
    name: "submit-task-limits",
    text: `SELECT pr.slot_count AS slots, pj.max_response_tokens AS token_limit
             FROM tasks t JOIN prompts pr ON pr.id = t.prompt_id JOIN projects pj ON pj.id = pr.project_id
            WHERE t.id = $1 AND t.user_id = $2`,
    values: [taskId, userId],
  });
  return rows[0];
}

/** The text of a submit and its count: each turn's tokens (null for a turn with no text), the active time. */
export type SubmittedTurns = { turns: string[]; turnTokens: (number | null)[]; activeMs: number | null };

export type SubmitRow = {
  outcome: "not_found" | "skipped" | "invalid" | "existing" | "revise" | "lapsed" | "created";
  response: string | null;
  slots: number | null;
  token_limit: number | null;
};

/** A started turn's provenance row as the submit function writes it with the response. */
export type SubmittedProvenance = { turn: number; suggestion: string; editDistance: number; shareKept: number };

/**
 * `exemplar_submit_task`; the provenance rows are written by the same statement when it creates the
 * response (lib/assistant/provenance.ts), so a response never exists without them.
 */
export async function submitTaskRow(
  taskId: string,
  userId: string,
  submitted: SubmittedTurns,
  provenance: readonly SubmittedProvenance[] = [],
): Promise<SubmitRow> {
  const { rows } = await pool().query<SubmitRow>({
    name: "submit-task",
    text: "SELECT outcome, response, slots, token_limit FROM exemplar_submit_task($1, $2, $3::jsonb, $4::int[], $5, $6::jsonb)",
    values: [
      taskId,
      userId,
      JSON.stringify(submitted.turns),
      submitted.turnTokens,
      submitted.activeMs,
      JSON.stringify(provenance),
    ],
  });
  return rows[0]!;
}

export type ResubmitRow = {
  outcome: "not_found" | "no_response" | "existing" | "invalid" | "revised";
  response: string | null;
  project: string | null;
  revision_before: number | null;
  slots: number | null;
  token_limit: number | null;
};

/** `exemplar_resubmit_task`, in the caller's transaction (which writes the audit event beside it). */
export async function resubmitTaskRow(
  tx: Prisma.TransactionClient,
  taskId: string,
  userId: string,
  submitted: SubmittedTurns,
): Promise<ResubmitRow> {
  const [row] = await tx.$queryRaw<ResubmitRow[]>`
    SELECT outcome, response, project, revision_before, slots, token_limit
      FROM exemplar_resubmit_task(${taskId}::uuid, ${userId}::uuid, ${JSON.stringify(submitted.turns)}::jsonb,
                                  ${submitted.turnTokens}::int[], ${submitted.activeMs}::int)`;
  return row!;
}
