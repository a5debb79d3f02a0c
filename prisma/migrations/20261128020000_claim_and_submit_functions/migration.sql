-- The claim and the submit of a labeler's task, each as one function called in one statement
-- (docs/performance.md "Load"). They ran as Prisma interactive transactions of 5–15
-- statements; on two shared cores the app's CPU per statement, not PostgreSQL, capped throughput.
-- A function keeps the same steps and locks in one round trip. lib/tasks/claim-next-task.ts and
-- lib/tasks/submit-response.ts call them and map their outcomes to answers; docs/decisions/003
-- has the leasing rules they implement. Volatile plpgsql takes a fresh snapshot per statement,
-- so the claim's retry loop sees other claims' commits as the TypeScript loop did.

-- prompts.open: false once a prompt is full, true again whenever a place comes back (a lapsed lease,
-- a skip, a project wanting more responses). The claim used to walk the project's prompts in seq
-- order from the first, full ones included: O(prompts) per claim near the end of a large project.
-- With the index it starts at the first open prompt. Never false while taken < responses_per_prompt.
ALTER TABLE "prompts" ADD COLUMN     "open" BOOLEAN NOT NULL DEFAULT true;

UPDATE "prompts" pr SET "open" = false FROM "projects" p
 WHERE p.id = pr.project_id AND pr.taken >= p.responses_per_prompt;

CREATE INDEX "prompts_project_id_open_seq_idx" ON "prompts"("project_id", "open", "seq");

-- The key of a project's settings lock. A claim, a late submit and a resume read the project's
-- responses_per_prompt under the shared lock and set prompts.open from it; changing the setting
-- (lib/projects/projects.ts updateProject) takes the lock exclusively while it rewrites `open`, so no
-- prompt can be closed by a value that is being changed.
CREATE FUNCTION exemplar_project_lock_key(p_project uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended('project-settings:' || p_project::text, 0)
$$;

-- The key of one labeler's lock in one project: one claim or resume at a time (never two tasks).
CREATE FUNCTION exemplar_labeler_lock_key(p_user uuid, p_project uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended(p_user::text || ':' || p_project::text, 0)
$$;

-- A place on a prompt goes back to the pool (a skip, a lapsed lease, a resume's held task, a claim that
-- lost its task): `taken` down by one, and the prompt open to claims again. Every path that gives back one
-- place calls this, so none can forget `open`; exemplar_release_expired_tasks does the same for many
-- prompts in one statement.
CREATE FUNCTION exemplar_give_back_place(p_prompt uuid) RETURNS void
LANGUAGE sql AS $$
  UPDATE prompts SET taken = taken - 1, open = true WHERE id = p_prompt
$$;

-- Repairs prompts.open where it disagrees with taken (after `taken` was changed by hand, or while an
-- app version from before this migration still ran beside a newer one); returns the prompts changed.
-- Not called by the app: `SELECT exemplar_reopen_prompts(NULL)` for every project.
CREATE FUNCTION exemplar_reopen_prompts(p_project uuid) RETURNS integer
LANGUAGE sql AS $$
  WITH fixed AS (
    UPDATE prompts pr SET open = pr.taken < p.responses_per_prompt
      FROM projects p
     WHERE p.id = pr.project_id AND (p_project IS NULL OR pr.project_id = p_project)
       AND pr.open <> (pr.taken < p.responses_per_prompt)
    RETURNING 1
  )
  SELECT count(*)::int FROM fixed
$$;

-- Lapsed leases end and give their places back to the prompts (all projects when p_project is null);
-- returns how many ended. Run at the start of each claim, so no background job is needed; the task's
-- draft is kept. One release at a time, whoever runs it: the others go on without releasing (the next
-- claim releases what is left). The try-lock never waits, so two releases cannot deadlock over task
-- and prompt rows they would lock in different orders (a project's release and the all-projects one
-- of the project list scan different indexes).
CREATE FUNCTION exemplar_release_expired_tasks(p_project uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_released integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('exemplar-release-expired-tasks', 0)) THEN
    RETURN 0;
  END IF;
  WITH expired AS (
    UPDATE tasks SET status = 'expired', finished_at = now()
     WHERE (p_project IS NULL OR project_id = p_project)
       AND status = 'active' AND expires_at <= now()
    RETURNING prompt_id
  ), counts AS (
    SELECT prompt_id, count(*)::int AS n FROM expired GROUP BY prompt_id
  ), given_back AS (
    UPDATE prompts pr SET taken = pr.taken - counts.n, open = true FROM counts WHERE pr.id = counts.prompt_id RETURNING counts.n
  )
  SELECT coalesce(sum(n), 0)::int INTO v_released FROM given_back;
  RETURN v_released;
END
$$;

-- The claim statement: lock the first open prompt nobody else is claiming and take a place on it,
-- then create the task (or, after an expired lease of this same labeler, re-open it); the task's id, or
-- null when every open prompt was taken or locked. The row lock makes `taken < responses_per_prompt`
-- re-checked on the latest row, so concurrent claims can never overfill a prompt. A claim that fills
-- the prompt closes it. Called by exemplar_claim_task, and alone by the load benchmark's raw-SQL
-- baseline (bench/load.ts). Planned for each call's values (force_custom_plan): a plan cached for any
-- project cannot know which index finds its open prompts, and in bench:load such cached plans cost
-- PostgreSQL 3.4–6.2 ms per claim + submit instead of 2.8.
CREATE FUNCTION exemplar_claim_prompt(p_project uuid, p_per_prompt integer, p_user uuid, p_guidelines uuid, p_lease_minutes integer)
RETURNS uuid
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  v_prompt uuid;
  v_task uuid;
BEGIN
  WITH candidate AS (
    SELECT pr.id FROM prompts pr
     WHERE pr.project_id = p_project
       AND pr.open
       AND pr.taken < p_per_prompt
       AND NOT EXISTS (SELECT 1 FROM tasks t
                        WHERE t.prompt_id = pr.id AND t.user_id = p_user AND t.status <> 'expired')
     ORDER BY pr.seq
     LIMIT 1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE prompts pr SET taken = pr.taken + 1, open = pr.taken + 1 < p_per_prompt
    FROM candidate c WHERE pr.id = c.id
  RETURNING pr.id INTO v_prompt;
  IF v_prompt IS NULL THEN
    RETURN NULL;
  END IF;

  -- Only an expired task of this labeler is re-opened: one that a skip or a late submit changed after
  -- the candidate was chosen keeps its status, and the place goes back (the caller's loop goes on).
  INSERT INTO tasks (project_id, prompt_id, user_id, status, guidelines_version_id, expires_at)
  VALUES (p_project, v_prompt, p_user, 'active', p_guidelines, now() + make_interval(mins => p_lease_minutes))
  ON CONFLICT (prompt_id, user_id) DO UPDATE
    SET status = 'active', claimed_at = now(), expires_at = EXCLUDED.expires_at,
        guidelines_version_id = EXCLUDED.guidelines_version_id, finished_at = NULL
    WHERE tasks.status = 'expired'
  RETURNING id INTO v_task;
  IF v_task IS NULL THEN
    PERFORM exemplar_give_back_place(v_prompt);
  END IF;
  RETURN v_task;
END
$$;

-- What a labeler gets from "next task" in a project (by id, or by slug when p_project_id is null):
--   outcome 'sent_back' + task: their oldest response a reviewer sent back for a revision;
--           'held'      + task: the unexpired task they already hold (moved to the latest guidelines);
--           'claimed'   + task: a new place on the first open prompt;
--           'none':     no work left for them; 'no_project' / 'no_guidelines': nothing to claim from.
CREATE FUNCTION exemplar_claim_task(p_project_id uuid, p_project_slug text, p_user uuid)
RETURNS TABLE (outcome text, task uuid)
LANGUAGE plpgsql AS $$
DECLARE
  v_project uuid;
  v_per_prompt integer;
  v_lease integer;
  v_guidelines uuid;
  v_task uuid;
BEGIN
  SELECT p.id INTO v_project
    FROM projects p
   WHERE (p_project_id IS NOT NULL AND p.id = p_project_id) OR (p_project_id IS NULL AND p.slug = p_project_slug);
  IF v_project IS NULL THEN
    RETURN QUERY SELECT 'no_project', NULL::uuid;
    RETURN;
  END IF;
  -- Settings read under the project's shared lock, so a claim that closes a prompt uses the current
  -- responses_per_prompt (exemplar_project_lock_key). Shared: claims never wait for each other here.
  PERFORM pg_advisory_xact_lock_shared(exemplar_project_lock_key(v_project));
  SELECT p.responses_per_prompt, p.lease_minutes INTO v_per_prompt, v_lease FROM projects p WHERE p.id = v_project;

  SELECT r.task_id INTO v_task FROM responses r
   WHERE r.project_id = v_project AND r.author_id = p_user AND r.status = 'needs_revision'
   ORDER BY r.seq LIMIT 1;
  IF v_task IS NOT NULL THEN
    RETURN QUERY SELECT 'sent_back', v_task;
    RETURN;
  END IF;

  SELECT g.id INTO v_guidelines FROM guidelines_versions g
   WHERE g.project_id = v_project ORDER BY g.version DESC LIMIT 1;
  IF v_guidelines IS NULL THEN
    RETURN QUERY SELECT 'no_guidelines', NULL::uuid;
    RETURN;
  END IF;

  -- One claim at a time per labeler and project (two tabs, a double click): never two tasks.
  -- lib/tasks/resume-task.ts takes the same locks in the same order (project settings, then this one)
  -- before it touches any row, so the two cannot deadlock.
  PERFORM pg_advisory_xact_lock(exemplar_labeler_lock_key(p_user, v_project));

  -- Lapsed leases of the project give their places back first. Taken after the labeler's lock: the
  -- rows it locks stay locked until this claim ends, and a resume holding that lock must not wait
  -- for them while this claim waits for it.
  PERFORM exemplar_release_expired_tasks(v_project);

  SELECT t.id INTO v_task FROM tasks t
   WHERE t.project_id = v_project AND t.user_id = p_user AND t.status = 'active' AND t.expires_at > now()
   LIMIT 1;
  IF v_task IS NOT NULL THEN
    -- Guidelines published while the task was held: the labeler now writes under them, and the
    -- screen shows what changed (docs/workspace.md).
    UPDATE tasks SET guidelines_version_id = v_guidelines
     WHERE id = v_task AND guidelines_version_id IS DISTINCT FROM v_guidelines;
    RETURN QUERY SELECT 'held', v_task;
    RETURN;
  END IF;

  -- A claim can lose a race (another labeler locked or filled the prompt it picked); retrying
  -- is cheap and bounded (docs/decisions/003-task-leasing.md).
  FOR attempt IN 1..20 LOOP
    v_task := exemplar_claim_prompt(v_project, v_per_prompt, p_user, v_guidelines, v_lease);
    IF v_task IS NOT NULL THEN
      RETURN QUERY SELECT 'claimed', v_task;
      RETURN;
    END IF;

    -- Nothing claimed: either no work is left, or every candidate was locked by a concurrent claim.
    IF NOT EXISTS (SELECT 1 FROM prompts pr
                    WHERE pr.project_id = v_project AND pr.open AND pr.taken < v_per_prompt
                      AND NOT EXISTS (SELECT 1 FROM tasks t
                                       WHERE t.prompt_id = pr.id AND t.user_id = p_user AND t.status <> 'expired')) THEN
      EXIT;
    END IF;
    PERFORM pg_sleep(0.005 + random() * 0.02);
  END LOOP;
  RETURN QUERY SELECT 'none', NULL::uuid;
END
$$;

-- A labeler's submit of their task, with the text already checked for form by the caller
-- (p_turn_tokens: each turn's token count, NULL for a turn with no text). Outcomes:
--   'not_found' (no such task of this user), 'skipped', 'invalid' (+ slots, token_limit: the
--   caller reports what is wrong), 'existing' + response (submitted before: idempotent),
--   'revise' + response (sent back for a revision: the caller writes the next revision),
--   'lapsed' (the lease ended and the prompt is full: the text is kept as the draft),
--   'created' + response.
-- A submit after the lease lapsed still counts when the prompt has room (decision 003). A
-- labeler's first submit in a project records the guidelines they wrote under as read.
CREATE FUNCTION exemplar_submit_task(p_task uuid, p_user uuid, p_turns jsonb, p_turn_tokens integer[], p_active_ms integer)
RETURNS TABLE (outcome text, response uuid, slots integer, token_limit integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
  v_prompt uuid;
  v_project uuid;
  v_guidelines uuid;
  v_active integer;
  v_lapsed boolean;
  v_slots integer;
  v_limit integer;
  v_per_prompt integer;
  v_taken integer;
  v_response uuid;
  v_response_status text;
BEGIN
  -- The project's settings lock comes before any row lock, in every path that takes both (the claim,
  -- resume-task, updateProject), so none of them can wait on another in a circle.
  SELECT t.project_id INTO v_project FROM tasks t WHERE t.id = p_task AND t.user_id = p_user;
  IF v_project IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock_shared(exemplar_project_lock_key(v_project));
  END IF;
  SELECT t.status::text, t.prompt_id, t.project_id, t.guidelines_version_id, t.active_ms, t.expires_at <= now()
    INTO v_status, v_prompt, v_project, v_guidelines, v_active, v_lapsed
    FROM tasks t WHERE t.id = p_task AND t.user_id = p_user FOR UPDATE;
  IF v_status IS NULL THEN
    RETURN QUERY SELECT 'not_found', NULL::uuid, NULL::int, NULL::int;
    RETURN;
  END IF;
  IF v_status = 'submitted' THEN
    SELECT r.id, r.status::text INTO v_response, v_response_status FROM responses r WHERE r.task_id = p_task;
    RETURN QUERY SELECT CASE WHEN v_response_status = 'needs_revision' THEN 'revise' ELSE 'existing' END,
                        v_response, NULL::int, NULL::int;
    RETURN;
  END IF;
  IF v_status = 'skipped' THEN
    RETURN QUERY SELECT 'skipped', NULL::uuid, NULL::int, NULL::int;
    RETURN;
  END IF;

  -- A late submit may take a place and close the prompt: the settings are read under the shared lock.
  SELECT pr.slot_count, pj.max_response_tokens, pj.responses_per_prompt INTO v_slots, v_limit, v_per_prompt
    FROM prompts pr JOIN projects pj ON pj.id = pr.project_id WHERE pr.id = v_prompt;
  IF coalesce(cardinality(p_turn_tokens), 0) <> v_slots
     OR EXISTS (SELECT 1 FROM unnest(p_turn_tokens) AS n WHERE n IS NULL OR n > v_limit) THEN
    RETURN QUERY SELECT 'invalid', NULL::uuid, v_slots, v_limit;
    RETURN;
  END IF;
  v_active := greatest(v_active, coalesce(p_active_ms, 0));

  IF v_status <> 'active' OR v_lapsed THEN
    -- The lease lapsed: the task no longer holds a place; take one if the prompt has room.
    SELECT pr.taken INTO v_taken FROM prompts pr WHERE pr.id = v_prompt FOR UPDATE;
    IF v_status = 'active' THEN
      v_taken := v_taken - 1;
    END IF;
    IF v_taken >= v_per_prompt THEN
      UPDATE prompts SET taken = v_taken WHERE id = v_prompt;
      UPDATE tasks SET status = 'expired', finished_at = now(), draft = jsonb_build_object('turns', p_turns),
                       draft_updated_at = now(), active_ms = v_active
       WHERE id = p_task;
      RETURN QUERY SELECT 'lapsed', NULL::uuid, NULL::int, NULL::int;
      RETURN;
    END IF;
    UPDATE prompts SET taken = v_taken + 1, open = v_taken + 1 < v_per_prompt WHERE id = v_prompt;
  END IF;

  UPDATE tasks SET status = 'submitted', finished_at = now(), draft = jsonb_build_object('turns', p_turns),
                   draft_updated_at = now(), active_ms = v_active
   WHERE id = p_task;
  INSERT INTO responses (task_id, project_id, prompt_id, author_id, guidelines_version_id, turns, token_count, active_ms)
  VALUES (p_task, v_project, v_prompt, p_user, v_guidelines, p_turns,
          (SELECT sum(n)::int FROM unnest(p_turn_tokens) AS n), v_active)
  RETURNING id INTO v_response;
  INSERT INTO response_revisions (response_id, number, turns, author_id) VALUES (v_response, 1, p_turns, p_user);
  IF v_guidelines IS NOT NULL THEN
    INSERT INTO guidelines_acknowledgements (user_id, project_id, version)
    SELECT p_user, v_project, g.version FROM guidelines_versions g WHERE g.id = v_guidelines
    ON CONFLICT (user_id, project_id) DO NOTHING;
  END IF;
  RETURN QUERY SELECT 'created', v_response, NULL::int, NULL::int;
END
$$;
