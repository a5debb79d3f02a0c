/**
 * The claim statement (docs/decisions/003-task-leasing.md): lock the first open prompt nobody else is
 * claiming, take a place on it and create (or, after an expired lease of this same labeler, re-open)
 * the task, in one statement. The row lock makes `taken < responsesPerPrompt` re-checked on the latest
 * row, so concurrent claims can never overfill a prompt. Shared by lib/tasks/claim-next-task.ts and the
 * load benchmark's raw-SQL baseline (bench/support/load-client.ts), so the two always run the same SQL.
 *
 * Parameters: $1 project id, $2 responsesPerPrompt, $3 user id, $4 guidelines version id, $5 lease minutes.
 */
export const CLAIM_SQL = `
  WITH candidate AS (
    SELECT pr.id FROM prompts pr
     WHERE pr.project_id = $1::uuid
       AND pr.taken < $2::int
       AND NOT EXISTS (SELECT 1 FROM tasks t
                        WHERE t.prompt_id = pr.id AND t.user_id = $3::uuid
                          AND t.status <> 'expired')
     ORDER BY pr.seq
     LIMIT 1
     FOR UPDATE SKIP LOCKED
  ), took AS (
    UPDATE prompts pr SET taken = pr.taken + 1 FROM candidate c WHERE pr.id = c.id RETURNING pr.id
  )
  INSERT INTO tasks (project_id, prompt_id, user_id, status, guidelines_version_id, expires_at)
  SELECT $1::uuid, took.id, $3::uuid, 'active', $4::uuid, now() + make_interval(mins => $5::int)
    FROM took
  ON CONFLICT (prompt_id, user_id) DO UPDATE
    SET status = 'active', claimed_at = now(), expires_at = EXCLUDED.expires_at,
        guidelines_version_id = EXCLUDED.guidelines_version_id, finished_at = NULL
  RETURNING id`;

export type ClaimTarget = { projectId: string; responsesPerPrompt: number; userId: string; guidelinesId: string; leaseMinutes: number };

/** The statement's parameters, in order. */
export function claimParams(t: ClaimTarget): [string, number, string, string, number] {
  return [t.projectId, t.responsesPerPrompt, t.userId, t.guidelinesId, t.leaseMinutes];
}
