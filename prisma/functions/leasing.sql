-- THE ONLY PLACE TO EDIT the app's SQL functions: task leasing (claim, submit, resubmit, skip, resume,
-- release of lapsed leases) and the prompts' `taken`/`open` counters it keeps. `exemplar migrate`
-- (lib/migrations/migrate.ts) runs every prisma/functions/*.sql file, in name order, after the table
-- migrations, in one transaction under the migrations' advisory lock, on every run: edit a function
-- here and the next migrate installs it. Never add a migration that creates or replaces one of these
-- functions; migration 20261128020000_claim_and_submit_functions created their first versions and
-- stays as it shipped (its checksum is recorded in deployed databases), this file replaces them.
-- docs/decisions/007-leasing-functions-source.md.
--
-- CREATE OR REPLACE FUNCTION cannot change a function's result type (its columns) nor the names of its
-- arguments. For such a change, give the function a new name (the app version still running beside the
-- new one during a deploy keeps calling the old name, and a changed result fails the prepared
-- statements of every open connection), and drop the old one here once no deployed version calls it:
--
--   DROP FUNCTION IF EXISTS exemplar_old_name(uuid, uuid);   -- the old signature's argument types
--
-- at the top of this file, before the CREATEs. A function removed from this file needs the same DROP:
-- the drift test (lib/migrations/schema-drift.db.test.ts) fails while a migrated database holds an
-- exemplar_* function this source does not define, or one whose definition differs from it.
--
-- Outcomes are the functions' contract with lib/tasks, which maps each to an answer or an error (the
-- HTTP status, the message and the one JSON error shape stay in TypeScript): rename none while an app
-- version that reads it may run.
--
-- Lock order, the same in every function that takes more than one, so none can wait on another in a
-- circle:
--   1. the project's settings lock (exemplar_project_lock_key): shared by the claim, a late submit and a
--      resume, which read responses_per_prompt and close prompts by it; exclusive while the setting
--      changes (exemplar_lock_project_settings, exemplar_set_responses_per_prompt);
--   2. the labeler's lock in the project (exemplar_labeler_lock_key): one claim or resume at a time;
--   3. rows: tasks before prompts, except in the claim statement, which locks the prompt it picks
--      (SKIP LOCKED, never waiting) and then the task.
-- A skip and a resubmit take no advisory lock: a skip only gives a place back (opening the prompt
-- whatever responses_per_prompt is), a resubmit touches no place at all; each locks its task row first.
-- Releases of lapsed leases take a try-lock and skip when another release runs.


-- The key of a project's settings lock (see the lock order above).
CREATE OR REPLACE FUNCTION exemplar_project_lock_key(p_project uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended('project-settings:' || p_project::text, 0)
$$;

-- The key of one labeler's lock in one project: one claim or resume at a time (never two tasks).
CREATE OR REPLACE FUNCTION exemplar_labeler_lock_key(p_user uuid, p_project uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended(p_user::text || ':' || p_project::text, 0)
$$;

-- The project's settings lock, exclusive, until the transaction ends: updateProject
-- (lib/projects/projects.ts) takes it before it reads the settings it changes, so concurrent changes
-- queue and claims wait for the new responses_per_prompt.
CREATE OR REPLACE FUNCTION exemplar_lock_project_settings(p_project uuid) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(exemplar_project_lock_key(p_project))
$$;

-- The lease rules, one definition each. A lease runs the project's lease_minutes from when it is taken
-- (a claim, a resume), and lapses at its end: from then on its task holds no place, even before a
-- release (exemplar_release_expired_tasks) marks it expired, so whatever counts places counts it as free
-- (the claim, a late submit, the project list in lib/projects/sql/project-list.ts). Both are a single
-- expression that the planner inlines, so a condition on them uses the tasks (status, expires_at) index
-- as the expression written out would.
CREATE OR REPLACE FUNCTION exemplar_lease_end(p_lease_minutes integer) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT now() + make_interval(mins => p_lease_minutes)
$$;

CREATE OR REPLACE FUNCTION exemplar_lease_lapsed(p_expires_at timestamptz) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT p_expires_at <= now()
$$;

-- A place on a prompt goes back to the pool (a skip, a lapsed lease, a resume's held task, a claim that
-- lost its task): `taken` down by one, and the prompt open to claims again. Every path that gives back one
-- place calls this, so none can forget `open`; exemplar_release_expired_tasks does the same for many
-- prompts in one statement.
CREATE OR REPLACE FUNCTION exemplar_give_back_place(p_prompt uuid) RETURNS void
LANGUAGE sql AS $$
  UPDATE prompts SET taken = taken - 1, open = true WHERE id = p_prompt
$$;

-- The tasks a labeler holds in a project go back to the pool, like lapsed leases: `expired`, each place
-- given back, the drafts kept (a resume's held task, a member removed). Returns how many. The caller holds
-- the claim's locks 1 and 2, so no claim of this labeler runs meanwhile.
CREATE OR REPLACE FUNCTION exemplar_release_held_tasks(p_project uuid, p_user uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_held uuid;
  v_released integer := 0;
BEGIN
  FOR v_held IN
    UPDATE tasks SET status = 'expired', finished_at = now()
     WHERE project_id = p_project AND user_id = p_user AND status = 'active'
    RETURNING prompt_id
  LOOP
    PERFORM exemplar_give_back_place(v_held);
    v_released := v_released + 1;
  END LOOP;
  RETURN v_released;
END
$$;

-- prompts.open: false once a prompt is full, true again whenever a place comes back. Repairs it where it
-- disagrees with taken and the project's responses_per_prompt (after a change of the setting, or of
-- `taken` by hand); returns the prompts changed. `SELECT exemplar_reopen_prompts(NULL)` for every project.
CREATE OR REPLACE FUNCTION exemplar_reopen_prompts(p_project uuid) RETURNS integer
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

-- A change of the project's responses per prompt: under the exclusive settings lock, so no claim, late
-- submit or resume closes a prompt by the old value meanwhile; more responses per prompt reopens full
-- prompts, fewer closes those already full. Returns the prompts opened or closed. updateProject calls it
-- in its transaction, after exemplar_lock_project_settings and its own update of the row.
CREATE OR REPLACE FUNCTION exemplar_set_responses_per_prompt(p_project uuid, p_per_prompt integer) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exemplar_lock_project_settings(p_project);
  UPDATE projects SET responses_per_prompt = p_per_prompt, updated_at = now()
   WHERE id = p_project AND responses_per_prompt <> p_per_prompt;
  RETURN exemplar_reopen_prompts(p_project);
END
$$;

-- Lapsed leases end and give their places back to the prompts (all projects when p_project is null);
-- returns how many ended. Run at the start of each claim, so no background job is needed; the task's
-- draft is kept. One release at a time, whoever runs it: the others go on without releasing (the next
-- claim releases what is left). The try-lock never waits, so two releases cannot deadlock over task
-- and prompt rows they would lock in different orders (a project's release and the all-projects one
-- of the project list scan different indexes).
CREATE OR REPLACE FUNCTION exemplar_release_expired_tasks(p_project uuid) RETURNS integer
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
       AND status = 'active' AND exemplar_lease_lapsed(expires_at)
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
-- project cannot know which index finds its open prompts, and in bench:load such cached plans raised
-- PostgreSQL's CPU per claim + submit (docs/performance.md, "Load"). Volatile plpgsql takes a fresh snapshot per
-- statement, so the caller's retry loop sees other claims' commits.
CREATE OR REPLACE FUNCTION exemplar_claim_prompt(p_project uuid, p_per_prompt integer, p_user uuid, p_guidelines uuid, p_lease_minutes integer)
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
  VALUES (p_project, v_prompt, p_user, 'active', p_guidelines, exemplar_lease_end(p_lease_minutes))
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
-- lib/tasks/claim-next-task.ts; the rules are docs/decisions/003-task-leasing.md.
CREATE OR REPLACE FUNCTION exemplar_claim_task(p_project_id uuid, p_project_slug text, p_user uuid)
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
  -- Lock 1, shared: claims never wait for each other here, and a claim that closes a prompt uses the
  -- current responses_per_prompt.
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

  -- Lock 2: one claim at a time per labeler and project (two tabs, a double click): never two tasks.
  -- exemplar_resume_task takes the same locks in the same order.
  PERFORM pg_advisory_xact_lock(exemplar_labeler_lock_key(p_user, v_project));

  -- Lapsed leases of the project give their places back first. Taken after the labeler's lock: the
  -- rows it locks stay locked until this claim ends, and a resume holding that lock must not wait
  -- for them while this claim waits for it.
  PERFORM exemplar_release_expired_tasks(v_project);

  SELECT t.id INTO v_task FROM tasks t
   WHERE t.project_id = v_project AND t.user_id = p_user AND t.status = 'active' AND NOT exemplar_lease_lapsed(t.expires_at)
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
-- (p_turn_tokens: each turn's token count, NULL for a turn with no text; p_provenance: the suggestion
-- each started turn named, measured by the caller, `[{"turn", "suggestion", "editDistance", "shareKept"}]`,
-- `[]` for none). The provenance rows are written with the response, in this one statement: a submit
-- never leaves a response without the provenance it named, and a failing row (a suggestion deleted
-- since the caller checked it) fails the whole submit. Outcomes:
--   'not_found' (no such task of this user), 'skipped', 'invalid' (+ slots, token_limit: the
--   caller reports what is wrong), 'existing' + response (submitted before: idempotent),
--   'revise' + response (sent back for a revision: the caller calls exemplar_resubmit_task),
--   'lapsed' (the lease ended and the prompt is full: the text is kept as the draft),
--   'created' + response.
-- A submit after the lease lapsed still counts when the prompt has room (decision 003). A
-- labeler's first submit in a project records the guidelines they wrote under as read.
-- lib/tasks/submit-response.ts.
CREATE OR REPLACE FUNCTION exemplar_submit_task(p_task uuid, p_user uuid, p_turns jsonb, p_turn_tokens integer[], p_active_ms integer,
                                                p_provenance jsonb)
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
  -- Lock 1 (shared) before the task's row: a late submit may take a place and close the prompt.
  SELECT t.project_id INTO v_project FROM tasks t WHERE t.id = p_task AND t.user_id = p_user;
  IF v_project IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock_shared(exemplar_project_lock_key(v_project));
  END IF;
  SELECT t.status::text, t.prompt_id, t.project_id, t.guidelines_version_id, t.active_ms, exemplar_lease_lapsed(t.expires_at)
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
  INSERT INTO response_provenance (response_id, turn, suggestion_id, edit_distance, share_kept)
  SELECT v_response, p.turn, p.suggestion, p."editDistance", p."shareKept"
    FROM jsonb_to_recordset(coalesce(p_provenance, '[]'::jsonb))
         AS p(turn integer, suggestion uuid, "editDistance" integer, "shareKept" double precision);
  IF v_guidelines IS NOT NULL THEN
    INSERT INTO guidelines_acknowledgements (user_id, project_id, version)
    SELECT p_user, v_project, g.version FROM guidelines_versions g WHERE g.id = v_guidelines
    ON CONFLICT (user_id, project_id) DO NOTHING;
  END IF;
  RETURN QUERY SELECT 'created', v_response, NULL::int, NULL::int;
END
$$;

-- The five-argument submit of the app version before suggestion provenance joined the submit: the same
-- submit with no provenance. Kept while a deployed version may still call it; drop it after.
CREATE OR REPLACE FUNCTION exemplar_submit_task(p_task uuid, p_user uuid, p_turns jsonb, p_turn_tokens integer[], p_active_ms integer)
RETURNS TABLE (outcome text, response uuid, slots integer, token_limit integer)
LANGUAGE sql AS $$
  SELECT * FROM exemplar_submit_task(p_task, p_user, p_turns, p_turn_tokens, p_active_ms, '[]'::jsonb)
$$;

-- The author's answer to "revise" (docs/review.md): the next revision of their response, back in review;
-- every earlier text stays in response_revisions. Same arguments as exemplar_submit_task. Outcomes:
--   'not_found' (no such task of this user), 'no_response', 'existing' + response (no longer waiting for
--   a revision: a second submit that raced this one finds the revision written, as any repeated submit
--   does), 'invalid' (+ slots, token_limit), 'revised' + response, project and the revision it replaced.
-- The caller writes the audit event in the same transaction (lib/tasks/submit-response.ts). No place
-- changes hands, so no advisory lock: the task's row lock, then the response's, serialise resubmits.
CREATE OR REPLACE FUNCTION exemplar_resubmit_task(p_task uuid, p_user uuid, p_turns jsonb, p_turn_tokens integer[], p_active_ms integer)
RETURNS TABLE (outcome text, response uuid, project uuid, revision_before integer, slots integer, token_limit integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_prompt uuid;
  v_project uuid;
  v_active integer;
  v_response uuid;
  v_status text;
  v_revision integer;
  v_slots integer;
  v_limit integer;
BEGIN
  SELECT t.prompt_id, t.project_id, t.active_ms INTO v_prompt, v_project, v_active
    FROM tasks t WHERE t.id = p_task AND t.user_id = p_user FOR UPDATE;
  IF v_prompt IS NULL THEN
    RETURN QUERY SELECT 'not_found', NULL::uuid, NULL::uuid, NULL::int, NULL::int, NULL::int;
    RETURN;
  END IF;
  SELECT r.id, r.status::text, r.revision INTO v_response, v_status, v_revision
    FROM responses r WHERE r.task_id = p_task FOR UPDATE;
  IF v_response IS NULL THEN
    RETURN QUERY SELECT 'no_response', NULL::uuid, NULL::uuid, NULL::int, NULL::int, NULL::int;
    RETURN;
  END IF;
  IF v_status <> 'needs_revision' THEN
    RETURN QUERY SELECT 'existing', v_response, v_project, NULL::int, NULL::int, NULL::int;
    RETURN;
  END IF;

  SELECT pr.slot_count, pj.max_response_tokens INTO v_slots, v_limit
    FROM prompts pr JOIN projects pj ON pj.id = pr.project_id WHERE pr.id = v_prompt;
  IF coalesce(cardinality(p_turn_tokens), 0) <> v_slots
     OR EXISTS (SELECT 1 FROM unnest(p_turn_tokens) AS n WHERE n IS NULL OR n > v_limit) THEN
    RETURN QUERY SELECT 'invalid', NULL::uuid, NULL::uuid, NULL::int, v_slots, v_limit;
    RETURN;
  END IF;
  v_active := greatest(v_active, coalesce(p_active_ms, 0));

  UPDATE tasks SET draft = jsonb_build_object('turns', p_turns), draft_updated_at = now(), active_ms = v_active
   WHERE id = p_task;
  UPDATE responses SET turns = p_turns, revision = v_revision + 1, status = 'submitted', active_ms = v_active,
                       token_count = (SELECT sum(n)::int FROM unnest(p_turn_tokens) AS n), updated_at = now()
   WHERE id = v_response;
  INSERT INTO response_revisions (response_id, number, turns, author_id) VALUES (v_response, v_revision + 1, p_turns, p_user);
  RETURN QUERY SELECT 'revised', v_response, v_project, v_revision, NULL::int, NULL::int;
END
$$;

-- A labeler skips their task: the prompt is never offered to them again, the place an active task held
-- goes back to the pool (an expired one gave it back already), the draft stays. Outcomes: 'skipped' (also
-- when it was skipped before: the first reason stays), 'submitted' (too late to skip), 'not_found' (no
-- such task of this user). lib/tasks/skip-task.ts.
CREATE OR REPLACE FUNCTION exemplar_skip_task(p_task uuid, p_user uuid, p_reason text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
  v_prompt uuid;
BEGIN
  SELECT t.status::text, t.prompt_id INTO v_status, v_prompt
    FROM tasks t WHERE t.id = p_task AND t.user_id = p_user FOR UPDATE;
  IF v_status IS NULL THEN
    RETURN 'not_found';
  END IF;
  IF v_status IN ('submitted', 'skipped') THEN
    RETURN v_status;
  END IF;
  IF v_status = 'active' THEN
    PERFORM exemplar_give_back_place(v_prompt);
  END IF;
  UPDATE tasks SET status = 'skipped', skip_reason = p_reason, finished_at = now() WHERE id = p_task;
  RETURN 'skipped';
END
$$;

-- "Return to it" for a prompt the labeler skipped after writing (docs/workspace.md): the skipped task,
-- draft and all, becomes their active task again if its prompt still has room; the task they hold in the
-- project goes back to the pool with its draft kept, like a lapsed lease. Outcomes: 'resumed', 'active'
-- (it already is), 'not_skipped' (submitted or expired: only a skipped prompt can be returned to),
-- 'full' (the prompt has all its responses now: nothing changed), 'not_found' (no such task of this
-- user). lib/tasks/resume-task.ts.
CREATE OR REPLACE FUNCTION exemplar_resume_task(p_task uuid, p_user uuid) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_project uuid;
  v_status text;
  v_prompt uuid;
BEGIN
  SELECT t.project_id INTO v_project FROM tasks t WHERE t.id = p_task AND t.user_id = p_user;
  IF v_project IS NULL THEN
    RETURN 'not_found';
  END IF;
  -- Locks 1 (shared: the place taken below closes the prompt by the current responses_per_prompt) and
  -- 2, as the claim takes them and before any row, so a resume and a claim of the same labeler queue
  -- instead of deadlocking.
  PERFORM pg_advisory_xact_lock_shared(exemplar_project_lock_key(v_project));
  PERFORM pg_advisory_xact_lock(exemplar_labeler_lock_key(p_user, v_project));
  SELECT t.status::text, t.prompt_id INTO v_status, v_prompt FROM tasks t WHERE t.id = p_task FOR UPDATE;
  IF v_status IS NULL THEN
    RETURN 'not_found';
  END IF;
  IF v_status = 'active' THEN
    RETURN 'active';
  END IF;
  IF v_status <> 'skipped' THEN
    RETURN 'not_skipped';
  END IF;

  -- The held task gives its place back before the skipped one takes its own (tasks before prompts); when
  -- that prompt has filled up, the block's subtransaction undoes the release, and the labeler keeps the
  -- task they hold.
  BEGIN
    PERFORM exemplar_release_held_tasks(v_project, p_user);
    UPDATE prompts pr SET taken = pr.taken + 1, open = pr.taken + 1 < p.responses_per_prompt
      FROM projects p
     WHERE pr.id = v_prompt AND p.id = pr.project_id AND pr.taken < p.responses_per_prompt;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'prompt % is full', v_prompt USING ERRCODE = 'EXFUL';
    END IF;
  EXCEPTION WHEN SQLSTATE 'EXFUL' THEN
    RETURN 'full';
  END;
  UPDATE tasks t SET status = 'active', claimed_at = now(), finished_at = NULL, skip_reason = NULL,
         expires_at = exemplar_lease_end(p.lease_minutes)
    FROM projects p
   WHERE t.id = p_task AND p.id = t.project_id;
  RETURN 'resumed';
END
$$;

-- A member leaves a project (lib/projects/members.ts): the membership row goes, and when they can no
-- longer see the project the tasks they hold there go back to the pool like lapsed leases: `expired`, the
-- place given back, the draft kept, so their text is there again if they return. Their responses stay.
-- Locks 1 (shared) and 2 as a claim takes them, so a claim of this labeler in this project ends before (and
-- its task is released here) or starts after. Whether they still see the project is read here, under those
-- locks, not by the caller beforehand: a change of the project's access takes lock 1 exclusively and waits
-- (or is seen), and the user's row is share-locked so a change of their role waits too. The rule is
-- lib/projects/access.ts's: admins see every project, others an `everyone` project or one they are a
-- member of (exemplar_sees_project). Returns the tasks released, or -1 when the user was not a member.
CREATE OR REPLACE FUNCTION exemplar_remove_member(p_project uuid, p_user uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_sees boolean;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(exemplar_project_lock_key(p_project));
  PERFORM pg_advisory_xact_lock(exemplar_labeler_lock_key(p_user, p_project));
  DELETE FROM project_members WHERE project_id = p_project AND user_id = p_user;
  IF NOT FOUND THEN
    RETURN -1;
  END IF;
  SELECT u.role::text = 'admin' OR exemplar_sees_project(p.id, p.access::text, u.id, false) INTO v_sees
    FROM users u CROSS JOIN projects p
   WHERE u.id = p_user AND p.id = p_project
     FOR SHARE OF u;
  IF v_sees THEN
    RETURN 0;
  END IF;
  RETURN exemplar_release_held_tasks(p_project, p_user);
END
$$;

-- The previous form of exemplar_remove_member, whose caller decided p_release before taking the locks: kept
-- for an app version still running beside this one during a deploy (drop it once none calls it). It decides
-- as exemplar_remove_member does, under the locks, whatever p_release says.
CREATE OR REPLACE FUNCTION exemplar_remove_project_member(p_project uuid, p_user uuid, p_release boolean)
RETURNS integer
LANGUAGE sql AS $$
  SELECT exemplar_remove_member(p_project, p_user)
$$;
