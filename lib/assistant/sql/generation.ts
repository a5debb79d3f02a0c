import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { pool } from "@/lib/db";
import type { PromptMessage } from "@/lib/conversation/types";

/**
 * The statements of suggestion pre-generation (lib/assistant/generation-*.ts): a run's items, its lease, the
 * prompts due for an attempt, and storing what the model wrote. A pre-generated suggestion counts only when it
 * was written by the project's connection after the connection's last change (`fresh`).
 */

export type FreshFor = { connectionId: string; updatedAt: Date; candidates: number };

/** A run's prompts: the project's open prompts whose first slot lacks a fresh suggestion; how many. */
export async function insertRunItems(
  tx: Prisma.TransactionClient,
  runId: string,
  projectId: string,
  fresh: FreshFor,
): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO suggestion_run_items (run_id, prompt_id, seq)
    SELECT ${runId}::uuid, p.id, p.seq
      FROM prompts p
     WHERE p.project_id = ${projectId}::uuid AND p.open
       AND (SELECT count(*) FROM pregenerated_suggestions s
             WHERE s.prompt_id = p.id AND s.turn = 0 AND s.connection_id = ${fresh.connectionId}::uuid
               AND s.created_at >= ${fresh.updatedAt}) < ${fresh.candidates}`;
}

export type RunCountsRow = { pending: number; waiting: number; done: number; failed: number };

/** A run's items by state; `waiting`: pending items that failed before and wait for their next attempt. */
export async function runCounts(runId: string): Promise<RunCountsRow> {
  const { rows } = await pool().query<RunCountsRow>({
    name: "generation-run-counts",
    text: `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending,
                  count(*) FILTER (WHERE state = 'pending' AND attempts > 0)::int AS waiting,
                  count(*) FILTER (WHERE state = 'done')::int AS done,
                  count(*) FILTER (WHERE state = 'failed')::int AS failed
             FROM suggestion_run_items WHERE run_id = $1`,
    values: [runId],
  });
  return rows[0]!;
}

export type ClaimedRunRow = { project_id: string; connection_id: string | null };

/** Takes a running run for `owner` when nobody holds it (or their lease lapsed). */
export async function claimRun(runId: string, owner: string, leaseSeconds: number): Promise<ClaimedRunRow | undefined> {
  const { rows } = await pool().query<ClaimedRunRow>(
    `UPDATE suggestion_runs
        SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
      WHERE id = $1 AND state = 'running'
        AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())
      RETURNING project_id, connection_id`,
    [runId, owner, leaseSeconds],
  );
  return rows[0];
}

/** Extends `owner`'s lease; undefined when the run is no longer theirs or no longer running (cancelled). */
export async function renewLease(runId: string, owner: string, leaseSeconds: number): Promise<boolean> {
  const { rowCount } = await pool().query({
    name: "generation-renew-lease",
    text: `UPDATE suggestion_runs SET lease_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
    values: [runId, owner, leaseSeconds],
  });
  return rowCount === 1;
}

export async function releaseLease(runId: string, owner: string): Promise<void> {
  await pool().query(
    "UPDATE suggestion_runs SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2",
    [runId, owner],
  );
}

export type DueItemRow = { prompt_id: string; messages: PromptMessage[]; attempts: number; stored: number[] };

/**
 * Up to `limit` pending prompts whose next attempt is due, in import order, but those in hand (`skip`), with
 * the candidates already stored fresh for their first slot: a prompt is never asked for twice what it has.
 */
export async function dueItems(runId: string, fresh: FreshFor, skip: string[], limit: number): Promise<DueItemRow[]> {
  const { rows } = await pool().query<DueItemRow>({
    name: "generation-due-items",
    text: `SELECT i.prompt_id, p.messages, i.attempts,
                  COALESCE((SELECT array_agg(s.candidate) FROM pregenerated_suggestions s
                             WHERE s.prompt_id = i.prompt_id AND s.turn = 0 AND s.connection_id = $2
                               AND s.created_at >= $3), '{}') AS stored
             FROM suggestion_run_items i JOIN prompts p ON p.id = i.prompt_id
            WHERE i.run_id = $1 AND i.state = 'pending' AND i.next_attempt_at <= now()
              AND NOT (i.prompt_id = ANY($4::uuid[]))
            ORDER BY i.seq
            LIMIT $5`,
    values: [runId, fresh.connectionId, fresh.updatedAt, skip, limit],
  });
  return rows;
}

export type Generated = {
  promptId: string;
  candidate: number;
  content: string;
  finishReason: string | null;
  latencyMs: number;
};

export type StoreContext = {
  runId: string;
  projectId: string;
  connectionId: string;
  connectionUpdatedAt: Date;
  model: string;
  parameters: Record<string, unknown>;
};

/**
 * Stores what the model wrote and marks the prompts whose every candidate is now stored as done, in one
 * transaction, so a killed worker leaves either both or neither. A suggestion already stored fresh for the
 * same prompt, slot and candidate stays (the unique key): a prompt is written once, however often it is
 * retried. (A data-modifying WITH runs whether or not the final SELECT reads it.)
 *
 * Only while the connection is still the one the texts were asked of (its `updated_at` unchanged): a worker
 * reads the connection when its slice starts, and an admin may change the model, URL or key, or delete the
 * connection, meanwhile. Then nothing is stored nor marked done, and the answer is false: the slice stops and
 * the next one reads the connection anew. The connection's row is share-locked until the statement commits, so
 * a change waits for texts already being stored rather than slipping in between the check and the write.
 */
export async function storeGenerated(
  context: StoreContext,
  generated: Generated[],
  complete: string[],
): Promise<boolean> {
  const { rows } = await pool().query<{ current: boolean }>(
    `WITH unchanged AS (
       SELECT 1 FROM model_connections WHERE id = $3 AND updated_at = $7 FOR SHARE
     ), input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS x("promptId" uuid, candidate int, content text, "finishReason" text, "latencyMs" int)
        WHERE EXISTS (SELECT 1 FROM unchanged)
     ), stored AS (
       INSERT INTO pregenerated_suggestions
              (project_id, prompt_id, connection_id, run_id, turn, candidate, model, parameters, content,
               finish_reason, latency_ms)
       SELECT $2, "promptId", $3, $4, 0, candidate, $5, $6::jsonb, content, "finishReason", "latencyMs" FROM input
       ON CONFLICT (prompt_id, turn, candidate) DO UPDATE
          SET connection_id = EXCLUDED.connection_id, run_id = EXCLUDED.run_id, model = EXCLUDED.model,
              parameters = EXCLUDED.parameters, content = EXCLUDED.content,
              finish_reason = EXCLUDED.finish_reason, latency_ms = EXCLUDED.latency_ms, created_at = now()
        WHERE pregenerated_suggestions.connection_id IS DISTINCT FROM EXCLUDED.connection_id
           OR pregenerated_suggestions.created_at < $7
     ), done AS (
       UPDATE suggestion_run_items SET state = 'done', attempts = attempts + 1, reason = NULL
        WHERE run_id = $4 AND state = 'pending' AND prompt_id = ANY($8::uuid[]) AND EXISTS (SELECT 1 FROM unchanged)
     )
     SELECT EXISTS (SELECT 1 FROM unchanged) AS current`,
    [
      JSON.stringify(generated),
      context.projectId,
      context.connectionId,
      context.runId,
      context.model,
      JSON.stringify(context.parameters),
      context.connectionUpdatedAt,
      complete,
    ],
  );
  return rows[0]!.current;
}

/** A failed attempt: the prompt waits `retryInMs` for its next one, or (null) counts as failed. */
export async function recordAttemptFailed(
  runId: string,
  promptId: string,
  reason: string,
  retryInMs: number | null,
): Promise<void> {
  await pool().query(
    `UPDATE suggestion_run_items
        SET attempts = attempts + 1, reason = $3,
            state = CASE WHEN $4::int IS NULL THEN 'failed' ELSE 'pending' END::"SuggestionRunItemState",
            next_attempt_at = now() + make_interval(secs => COALESCE($4::int, 0) / 1000.0)
      WHERE run_id = $1 AND prompt_id = $2 AND state = 'pending'`,
    [runId, promptId, reason, retryInMs],
  );
}

/** How many prompts are still pending, and when the earliest of them is due. */
export async function remainingWork(runId: string): Promise<{ pending: number; nextDue: Date | null }> {
  const { rows } = await pool().query<{ pending: number; next_due: Date | null }>(
    `SELECT count(*)::int AS pending, min(next_attempt_at) AS next_due
       FROM suggestion_run_items WHERE run_id = $1 AND state = 'pending'`,
    [runId],
  );
  return { pending: rows[0]!.pending, nextDue: rows[0]!.next_due };
}

/** Ends a running run: finished (nothing left) or failed (with why); a cancelled one stays cancelled. */
export async function endRun(runId: string, state: "finished" | "failed", reason: string | null = null): Promise<void> {
  await pool().query(
    `UPDATE suggestion_runs
        SET state = $2::"SuggestionRunState", reason = $3, finished_at = now(), lease_owner = NULL, lease_until = NULL
      WHERE id = $1 AND state = 'running'`,
    [runId, state, reason],
  );
}
