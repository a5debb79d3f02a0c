-- The model assistant's SQL functions (lib/assistant). Installed by `exemplar migrate` like every
-- prisma/functions/*.sql file; see leasing.sql's header for how to change a function safely.

-- Gives a task the suggestions generated ahead for its prompt's first slot (lib/assistant/pregenerated.ts):
-- copies them into `suggestions` for the task, each with `parameters.pregeneratedId`, and returns the copies.
-- Only the first time the task asks for its first slot, and only while `p_candidates` of them are current
-- (written by the connection after its last change, p_connection_updated_at); otherwise returns nothing and the
-- caller asks the model.
--
-- Requests of one task that race for them queue on the task's lock (an advisory lock, so a draft's autosave
-- never waits for it): the first copies, the others then find the task's first slot given and get nothing.
-- The check after the lock is a statement of its own, so it sees what the first request committed.
CREATE OR REPLACE FUNCTION exemplar_take_pregenerated(
  p_task uuid, p_connection uuid, p_connection_updated_at timestamptz, p_candidates integer, p_batch uuid,
  p_latency_ms integer
) RETURNS TABLE (id uuid, model text, content text, candidate integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('first-suggestion:' || p_task::text, 0));
  IF EXISTS (SELECT 1 FROM suggestions s WHERE s.task_id = p_task AND s.turn = 0) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH ready AS (
    SELECT g.id, g.candidate, g.model, g.parameters, g.content, g.finish_reason
      FROM tasks t JOIN pregenerated_suggestions g ON g.prompt_id = t.prompt_id
     WHERE t.id = p_task AND g.turn = 0 AND g.connection_id = p_connection
       AND g.created_at >= p_connection_updated_at AND g.candidate < p_candidates
  ), copied AS (
    INSERT INTO suggestions AS s
           (task_id, project_id, prompt_id, connection_id, turn, batch_id, candidate, model, parameters, content,
            finish_reason, latency_ms)
    SELECT t.id, t.project_id, t.prompt_id, p_connection, 0, p_batch, g.candidate, g.model,
           g.parameters || jsonb_build_object('pregeneratedId', g.id), g.content, g.finish_reason, p_latency_ms
      FROM ready g CROSS JOIN tasks t
     WHERE t.id = p_task AND (SELECT count(*) FROM ready) = p_candidates
    RETURNING s.id, s.model, s.content, s.candidate
  )
  SELECT copied.id, copied.model, copied.content, copied.candidate FROM copied;
END
$$;
