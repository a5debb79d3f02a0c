-- The analytics summaries (decision 021): per project, per labeler, per reviewer, per day, per reviewer pair
-- and per prompt state, kept by triggers on responses, reviews, prompts and projects in the transaction of
-- every write, so the analytics page, the stats API and the project list read O(labelers + reviewers + days)
-- rows instead of every response. Applied after the migrations on every migrate, like leasing.sql (decision
-- 007); migration 20261203160000_analytics_summaries created the tables and the triggers.
--
-- Every counter moves by deltas (INSERT … ON CONFLICT DO UPDATE SET n = n + delta): concurrent writes
-- commute, and each waits only for the row of its own key. The keys spread the claim/submit path: a submit
-- touches its author's rows, its prompt's row and one of eight shards of the prompt-state counts, never a
-- single row per project. A summary is the sum of what the current rows contribute; each trigger adds what
-- its change adds given the current state of the other tables, so the order of the statements in a
-- transaction does not matter. exemplar_rebuild_analytics recomputes a project's summaries from the base
-- tables (bulk loads, repair); lib/analytics/summaries.api.test.ts checks that the two agree.
--
-- Medians cannot be kept as counters: the values are kept in buckets of two significant digits, each with
-- its count and its values, so a median reads the bucket counts and sorts the one or two buckets it falls in.


-- Writers take it shared, a rebuild exclusive: a rebuild never interleaves with a write's deltas.
CREATE OR REPLACE FUNCTION exemplar_analytics_lock_key(p_project uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended('analytics:' || p_project::text, 0)
$$;

-- A value's median bucket: exact below 100, else its two leading digits (about 1 % wide).
CREATE OR REPLACE FUNCTION exemplar_analytics_bucket(p_value integer) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_value < 100 THEN p_value::bigint
              ELSE p_value::bigint - p_value::bigint % (10::bigint ^ (length(p_value::text) - 2))::bigint END
$$;

-- One value in or out of a user's median buckets of one metric (null values are not counted, as by
-- percentile_cont).
CREATE OR REPLACE FUNCTION exemplar_analytics_median(p_project uuid, p_user uuid, p_metric text, p_value integer, p_sign integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_value IS NULL OR p_sign = 0 THEN
    RETURN;
  END IF;
  IF p_sign > 0 THEN
    INSERT INTO analytics_medians AS m (project_id, user_id, metric, bucket, n, vals)
    VALUES (p_project, p_user, p_metric, exemplar_analytics_bucket(p_value), 1, ARRAY[p_value])
    ON CONFLICT (project_id, user_id, metric, bucket) DO UPDATE SET n = m.n + 1, vals = m.vals || p_value;
  ELSE
    UPDATE analytics_medians m
       SET n = m.n - 1,
           vals = m.vals[:array_position(m.vals, p_value) - 1] || m.vals[array_position(m.vals, p_value) + 1:]
     WHERE m.project_id = p_project AND m.user_id = p_user AND m.metric = p_metric
       AND m.bucket = exemplar_analytics_bucket(p_value) AND array_position(m.vals, p_value) IS NOT NULL;
  END IF;
END
$$;

-- A value moving from p_old to p_new (either may be absent: NULL): the two bucket rows are touched in bucket
-- order, so two writes of the same author whose values cross lock them in the same order and cannot deadlock.
CREATE OR REPLACE FUNCTION exemplar_analytics_median_move(p_project uuid, p_user uuid, p_metric text, p_old integer, p_new integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_old IS NOT NULL AND p_new IS NOT NULL AND exemplar_analytics_bucket(p_new) < exemplar_analytics_bucket(p_old) THEN
    PERFORM exemplar_analytics_median(p_project, p_user, p_metric, p_new, 1);
    PERFORM exemplar_analytics_median(p_project, p_user, p_metric, p_old, -1);
  ELSE
    PERFORM exemplar_analytics_median(p_project, p_user, p_metric, p_old, -1);
    PERFORM exemplar_analytics_median(p_project, p_user, p_metric, p_new, 1);
  END IF;
END
$$;

-- A prompt moving between states (how many responses, any undecided, any accepted), counted per shard.
CREATE OR REPLACE FUNCTION exemplar_analytics_prompt_state(p_project uuid, p_responses integer, p_undecided boolean, p_accepted boolean, p_sign integer)
RETURNS void
LANGUAGE sql AS $$
  INSERT INTO analytics_prompt_states AS s (project_id, shard, responses, undecided, accepted, prompts)
  VALUES (p_project, pg_backend_pid() % 8, p_responses, p_undecided, p_accepted, p_sign)
  ON CONFLICT (project_id, shard, responses, undecided, accepted) DO UPDATE SET prompts = s.prompts + p_sign
$$;

-- The primary reviews that sent a response back: a decided response with one counts as revised.
CREATE OR REPLACE FUNCTION exemplar_analytics_sent_back(p_response uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = p_response AND v.decision = 'revise' AND NOT v.second_opinion)
$$;

-- A review's share of the reviewer counts, the daily decisions, the author's mean scores and the
-- reviewer's median duration, in (p_sign 1) or out (-1).
CREATE OR REPLACE FUNCTION exemplar_analytics_review_change(p_project uuid, p_author uuid, p_reviewer uuid, p_decision text,
  p_second_opinion boolean, p_scores jsonb, p_duration_ms integer, p_created_at timestamptz, p_sign integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_primary boolean := NOT p_second_opinion;
BEGIN
  INSERT INTO analytics_reviewers AS r (project_id, user_id, accept, reject, revise, edit, second_opinions)
  VALUES (p_project, p_reviewer,
          p_sign * (v_primary AND p_decision = 'accept')::int, p_sign * (v_primary AND p_decision = 'reject')::int,
          p_sign * (v_primary AND p_decision = 'revise')::int, p_sign * (v_primary AND p_decision = 'edit')::int,
          p_sign * (NOT v_primary)::int)
  ON CONFLICT (project_id, user_id) DO UPDATE
     SET accept = r.accept + EXCLUDED.accept, reject = r.reject + EXCLUDED.reject, revise = r.revise + EXCLUDED.revise,
         edit = r.edit + EXCLUDED.edit, second_opinions = r.second_opinions + EXCLUDED.second_opinions;
  PERFORM exemplar_analytics_median(p_project, p_reviewer, 'review_ms', p_duration_ms, p_sign);
  IF NOT v_primary THEN
    RETURN;
  END IF;

  INSERT INTO analytics_days AS d (project_id, day, user_id, accepted, rejected, revise)
  VALUES (p_project, (p_created_at AT TIME ZONE 'UTC')::date, p_reviewer,
          p_sign * (p_decision IN ('accept', 'edit'))::int, p_sign * (p_decision = 'reject')::int,
          p_sign * (p_decision = 'revise')::int)
  ON CONFLICT (project_id, day, user_id) DO UPDATE
     SET accepted = d.accepted + EXCLUDED.accepted, rejected = d.rejected + EXCLUDED.rejected, revise = d.revise + EXCLUDED.revise;

  INSERT INTO analytics_scores AS s (project_id, user_id, criterion, total, n)
  SELECT p_project, p_author, e.key, p_sign * e.value::text::numeric, p_sign
    FROM jsonb_each(CASE WHEN jsonb_typeof(p_scores) = 'object' THEN p_scores ELSE '{}'::jsonb END) e
   WHERE jsonb_typeof(e.value) = 'number'
  ON CONFLICT (project_id, user_id, criterion) DO UPDATE SET total = s.total + EXCLUDED.total, n = s.n + EXCLUDED.n;
END
$$;

-- A review's scores, numbers only, as an object ({} for none).
CREATE OR REPLACE FUNCTION exemplar_analytics_numeric_scores(p_scores jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
    FROM jsonb_each(CASE WHEN jsonb_typeof(p_scores) = 'object' THEN p_scores ELSE '{}'::jsonb END) e
   WHERE jsonb_typeof(e.value) = 'number'
$$;

-- One judged pair's share of its reviewer pair's agreement, in or out.
CREATE OR REPLACE FUNCTION exemplar_analytics_pair_change(p_project uuid, p_a uuid, p_b uuid, p_a_accepted boolean,
  p_b_accepted boolean, p_a_scores jsonb, p_b_scores jsonb, p_sign integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_pairs AS p (project_id, reviewer_a, reviewer_b, responses, both_accepted, a_accepted, b_accepted)
  VALUES (p_project, p_a, p_b, p_sign,
          p_sign * (p_a_accepted AND p_b_accepted)::int, p_sign * p_a_accepted::int, p_sign * p_b_accepted::int)
  ON CONFLICT (project_id, reviewer_a, reviewer_b) DO UPDATE
     SET responses = p.responses + EXCLUDED.responses, both_accepted = p.both_accepted + EXCLUDED.both_accepted,
         a_accepted = p.a_accepted + EXCLUDED.a_accepted, b_accepted = p.b_accepted + EXCLUDED.b_accepted;
  INSERT INTO analytics_pair_scores AS s (project_id, reviewer_a, reviewer_b, criterion, seen, difference_total, n)
  SELECT p_project, p_a, p_b, k.key,
         p_sign * ((p_a_scores ? k.key)::int + (p_b_scores ? k.key)::int),
         p_sign * CASE WHEN p_a_scores ? k.key AND p_b_scores ? k.key
                       THEN abs((p_a_scores ->> k.key)::numeric - (p_b_scores ->> k.key)::numeric) ELSE 0 END,
         p_sign * (p_a_scores ? k.key AND p_b_scores ? k.key)::int
    FROM (SELECT jsonb_object_keys(p_a_scores) AS key UNION SELECT jsonb_object_keys(p_b_scores)) k
  ON CONFLICT (project_id, reviewer_a, reviewer_b, criterion) DO UPDATE
     SET seen = s.seen + EXCLUDED.seen, difference_total = s.difference_total + EXCLUDED.difference_total, n = s.n + EXCLUDED.n;
END
$$;

-- Every second opinion of one response paired with the primary decision it second-guessed: the latest
-- primary review before it (an earlier "revise" judged older text), by another reviewer. Reviewer a is the
-- one with the smaller id. One response at a time, by the reviews' response_id index.
CREATE OR REPLACE FUNCTION exemplar_analytics_judged_pairs(p_project uuid, p_response uuid)
RETURNS TABLE (second_review_id uuid, project_id uuid, response_id uuid, reviewer_a uuid, reviewer_b uuid,
               a_accepted boolean, b_accepted boolean, a_scores jsonb, b_scores jsonb)
LANGUAGE sql STABLE AS $$
  SELECT s.id, p_project, s.response_id,
         least(p.reviewer_id, s.reviewer_id), greatest(p.reviewer_id, s.reviewer_id),
         CASE WHEN p.reviewer_id < s.reviewer_id THEN p.decision IN ('accept', 'edit') ELSE s.decision IN ('accept', 'edit') END,
         CASE WHEN p.reviewer_id < s.reviewer_id THEN s.decision IN ('accept', 'edit') ELSE p.decision IN ('accept', 'edit') END,
         exemplar_analytics_numeric_scores(CASE WHEN p.reviewer_id < s.reviewer_id THEN p.scores ELSE s.scores END),
         exemplar_analytics_numeric_scores(CASE WHEN p.reviewer_id < s.reviewer_id THEN s.scores ELSE p.scores END)
    FROM reviews s
    JOIN LATERAL (
           SELECT reviewer_id, decision, scores FROM reviews p
            WHERE p.response_id = s.response_id AND NOT p.second_opinion AND p.created_at <= s.created_at
            ORDER BY p.created_at DESC, p.id DESC
            LIMIT 1
         ) p ON true
   WHERE s.response_id = p_response AND s.second_opinion AND p.reviewer_id <> s.reviewer_id
$$;

-- A response's judged pairs, taken out and (p_keep) computed again from its reviews as they are now.
CREATE OR REPLACE FUNCTION exemplar_analytics_refresh_pairs(p_project uuid, p_response uuid, p_keep boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_pair analytics_review_pairs;
BEGIN
  FOR v_pair IN DELETE FROM analytics_review_pairs WHERE response_id = p_response RETURNING * LOOP
    PERFORM exemplar_analytics_pair_change(v_pair.project_id, v_pair.reviewer_a, v_pair.reviewer_b, v_pair.a_accepted,
                                           v_pair.b_accepted, v_pair.a_scores, v_pair.b_scores, -1);
  END LOOP;
  IF p_keep THEN
    FOR v_pair IN INSERT INTO analytics_review_pairs SELECT * FROM exemplar_analytics_judged_pairs(p_project, p_response)
                  RETURNING * LOOP
      PERFORM exemplar_analytics_pair_change(v_pair.project_id, v_pair.reviewer_a, v_pair.reviewer_b, v_pair.a_accepted,
                                             v_pair.b_accepted, v_pair.a_scores, v_pair.b_scores, 1);
    END LOOP;
  END IF;
END
$$;

-- A response's share of the summaries leaves (its old row) and comes in (its new row). Before a delete, its
-- reviews' shares leave too: the cascade deletes them next, when they can no longer find the response.
CREATE OR REPLACE FUNCTION exemplar_analytics_on_response() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  p_old responses;
  p_new responses;
  v_phase integer;
  v_phases integer := 1;
  v_old boolean;
  v_new boolean;
  v_project uuid;
  v_author uuid;
  v_prompt uuid;
  v_sent_back boolean;
  d_responses integer;
  d_submitted integer;
  d_accepted integer;
  d_rejected integer;
  d_needs integer;
  d_undecided integer;
  d_revised integer;
  d_distance float8;
  d_edited integer;
  v_count integer;
  v_undecided integer;
  v_accepted integer;
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- A project's deletion cascades here: its summaries go with it (exemplar_analytics_on_project).
    IF NOT EXISTS (SELECT 1 FROM projects WHERE id = OLD.project_id) THEN
      RETURN OLD;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(exemplar_analytics_lock_key(OLD.project_id));
    PERFORM exemplar_analytics_review_change(OLD.project_id, OLD.author_id, v.reviewer_id, v.decision::text, v.second_opinion,
                                             v.scores, v.duration_ms, v.created_at, -1)
       FROM reviews v WHERE v.response_id = OLD.id;
    PERFORM exemplar_analytics_refresh_pairs(OLD.project_id, OLD.id, false);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(exemplar_analytics_lock_key(NEW.project_id));
  END IF;
  IF TG_OP <> 'INSERT' THEN p_old := OLD; END IF;
  IF TG_OP <> 'DELETE' THEN p_new := NEW; END IF;
  -- A response moved to another author, prompt or project (never by the app) leaves and comes in apart.
  IF TG_OP = 'UPDATE' AND (OLD.project_id <> NEW.project_id OR OLD.author_id <> NEW.author_id OR OLD.prompt_id <> NEW.prompt_id) THEN
    v_phases := 2;
  END IF;

  FOR v_phase IN 1..v_phases LOOP
    IF v_phases = 2 THEN
      IF v_phase = 1 THEN p_old := OLD; p_new := NULL; ELSE p_old := NULL; p_new := NEW; END IF;
    END IF;
    v_old := p_old.id IS NOT NULL;
    v_new := p_new.id IS NOT NULL;
    v_project := coalesce(p_new.project_id, p_old.project_id);
    v_author := coalesce(p_new.author_id, p_old.author_id);
    v_prompt := coalesce(p_new.prompt_id, p_old.prompt_id);
    d_responses := v_new::int - v_old::int;
    d_submitted := coalesce(v_new AND p_new.status = 'submitted', false)::int - coalesce(v_old AND p_old.status = 'submitted', false)::int;
    d_accepted := coalesce(v_new AND p_new.status = 'accepted', false)::int - coalesce(v_old AND p_old.status = 'accepted', false)::int;
    d_rejected := coalesce(v_new AND p_new.status = 'rejected', false)::int - coalesce(v_old AND p_old.status = 'rejected', false)::int;
    d_needs := coalesce(v_new AND p_new.status = 'needs_revision', false)::int
             - coalesce(v_old AND p_old.status = 'needs_revision', false)::int;
    d_undecided := d_submitted + d_needs;
    d_revised := 0;
    IF coalesce(v_old AND p_old.status IN ('accepted', 'rejected'), false)
       OR coalesce(v_new AND p_new.status IN ('accepted', 'rejected'), false) THEN
      v_sent_back := exemplar_analytics_sent_back(coalesce(p_new.id, p_old.id));
      d_revised := coalesce(v_new AND v_sent_back AND p_new.status IN ('accepted', 'rejected'), false)::int
                 - coalesce(v_old AND v_sent_back AND p_old.status IN ('accepted', 'rejected'), false)::int;
    END IF;
    -- The edit distance of an accepted response with a later revision (the others are unchanged: 0).
    d_distance := CASE WHEN v_new AND p_new.status = 'accepted' AND p_new.revision > 1 THEN coalesce(p_new.edit_distance, 0) ELSE 0 END
                - CASE WHEN v_old AND p_old.status = 'accepted' AND p_old.revision > 1 THEN coalesce(p_old.edit_distance, 0) ELSE 0 END;
    d_edited := coalesce(v_new AND p_new.status = 'accepted' AND p_new.revision > 1 AND p_new.reviewer_edited, false)::int
              - coalesce(v_old AND p_old.status = 'accepted' AND p_old.revision > 1 AND p_old.reviewer_edited, false)::int;

    IF d_responses <> 0 OR d_submitted <> 0 OR d_accepted <> 0 OR d_rejected <> 0 OR d_needs <> 0 OR d_revised <> 0
       OR d_distance <> 0 OR d_edited <> 0 THEN
      INSERT INTO analytics_labelers AS l (project_id, user_id, responses, submitted, accepted, rejected, needs_revision,
                                           revised, edit_distance_sum, edited_by_reviewer)
      VALUES (v_project, v_author, d_responses, d_submitted, d_accepted, d_rejected, d_needs, d_revised, d_distance, d_edited)
      ON CONFLICT (project_id, user_id) DO UPDATE
         SET responses = l.responses + d_responses, submitted = l.submitted + d_submitted,
             accepted = l.accepted + d_accepted, rejected = l.rejected + d_rejected,
             needs_revision = l.needs_revision + d_needs, revised = l.revised + d_revised,
             edit_distance_sum = l.edit_distance_sum + d_distance, edited_by_reviewer = l.edited_by_reviewer + d_edited;
    END IF;

    IF NOT (v_old AND v_new AND p_old.active_ms IS NOT DISTINCT FROM p_new.active_ms) THEN
      PERFORM exemplar_analytics_median_move(v_project, v_author, 'active_ms',
                                             CASE WHEN v_old THEN p_old.active_ms END, CASE WHEN v_new THEN p_new.active_ms END);
    END IF;
    IF NOT (v_old AND v_new AND p_old.token_count = p_new.token_count) THEN
      PERFORM exemplar_analytics_median_move(v_project, v_author, 'tokens',
                                             CASE WHEN v_old THEN p_old.token_count END, CASE WHEN v_new THEN p_new.token_count END);
    END IF;

    -- First submits per UTC day (a resubmit keeps its response's submit time).
    IF NOT (v_old AND v_new AND p_old.submitted_at = p_new.submitted_at) THEN
      IF v_old THEN
        INSERT INTO analytics_days AS d (project_id, day, user_id, submitted)
        VALUES (v_project, (p_old.submitted_at AT TIME ZONE 'UTC')::date, v_author, -1)
        ON CONFLICT (project_id, day, user_id) DO UPDATE SET submitted = d.submitted - 1;
      END IF;
      IF v_new THEN
        INSERT INTO analytics_days AS d (project_id, day, user_id, submitted)
        VALUES (v_project, (p_new.submitted_at AT TIME ZONE 'UTC')::date, v_author, 1)
        ON CONFLICT (project_id, day, user_id) DO UPDATE SET submitted = d.submitted + 1;
      END IF;
    END IF;

    -- The prompt's state; its row lock orders the changes of one prompt's responses.
    IF d_responses <> 0 OR d_undecided <> 0 OR d_accepted <> 0 THEN
      INSERT INTO analytics_prompts AS p (prompt_id, project_id, responses, undecided, accepted)
      VALUES (v_prompt, v_project, d_responses, d_undecided, d_accepted)
      ON CONFLICT (prompt_id) DO UPDATE
         SET responses = p.responses + d_responses, undecided = p.undecided + d_undecided, accepted = p.accepted + d_accepted
      RETURNING p.responses, p.undecided, p.accepted INTO v_count, v_undecided, v_accepted;
      -- The two state rows in one order (the old state's first when it sorts first) whichever way the prompt
      -- moves, so two writes moving prompts opposite ways between the same states never wait on each other
      -- in a circle.
      IF (v_count - d_responses, v_undecided - d_undecided > 0, v_accepted - d_accepted > 0)
         < (v_count, v_undecided > 0, v_accepted > 0) THEN
        PERFORM exemplar_analytics_prompt_state(v_project, v_count - d_responses, v_undecided - d_undecided > 0,
                                                v_accepted - d_accepted > 0, -1);
        PERFORM exemplar_analytics_prompt_state(v_project, v_count, v_undecided > 0, v_accepted > 0, 1);
      ELSE
        PERFORM exemplar_analytics_prompt_state(v_project, v_count, v_undecided > 0, v_accepted > 0, 1);
        PERFORM exemplar_analytics_prompt_state(v_project, v_count - d_responses, v_undecided - d_undecided > 0,
                                                v_accepted - d_accepted > 0, -1);
      END IF;
    END IF;
  END LOOP;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION exemplar_analytics_on_review() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_response_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.response_id ELSE NEW.response_id END;
  v_response responses;
  v_before boolean;
  v_after boolean;
BEGIN
  SELECT * INTO v_response FROM responses WHERE id = v_response_id;
  IF NOT FOUND THEN
    RETURN NULL; -- deleted with its response, whose trigger counted it out
  END IF;
  PERFORM pg_advisory_xact_lock_shared(exemplar_analytics_lock_key(v_response.project_id));
  IF TG_OP <> 'INSERT' THEN
    PERFORM exemplar_analytics_review_change(v_response.project_id, v_response.author_id, OLD.reviewer_id, OLD.decision::text,
                                             OLD.second_opinion, OLD.scores, OLD.duration_ms, OLD.created_at, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM exemplar_analytics_review_change(v_response.project_id, v_response.author_id, NEW.reviewer_id, NEW.decision::text,
                                             NEW.second_opinion, NEW.scores, NEW.duration_ms, NEW.created_at, 1);
  END IF;

  -- A decided response counts as revised while a primary "revise" review of it exists.
  IF v_response.status IN ('accepted', 'rejected') THEN
    v_after := exemplar_analytics_sent_back(v_response.id);
    v_before := EXISTS (SELECT 1 FROM reviews v
                         WHERE v.response_id = v_response.id AND v.decision = 'revise' AND NOT v.second_opinion
                           AND (TG_OP = 'DELETE' OR v.id <> NEW.id))
                OR (TG_OP <> 'INSERT' AND OLD.decision = 'revise' AND NOT OLD.second_opinion);
    IF v_before <> v_after THEN
      UPDATE analytics_labelers SET revised = revised + CASE WHEN v_after THEN 1 ELSE -1 END
       WHERE project_id = v_response.project_id AND user_id = v_response.author_id;
    END IF;
  END IF;

  -- Only a response with a second opinion has judged pairs (kept, or to take out).
  IF (TG_OP <> 'INSERT' AND OLD.second_opinion) OR (TG_OP <> 'DELETE' AND NEW.second_opinion)
     OR EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = v_response.id AND v.second_opinion) THEN
    PERFORM exemplar_analytics_refresh_pairs(v_response.project_id, v_response.id, true);
  END IF;
  RETURN NULL;
END
$$;

-- Prompts come (an import) and go in statements of many rows: one counter update per project and statement.
CREATE OR REPLACE FUNCTION exemplar_analytics_on_prompts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Shared, like every other writer, so a rebuild (exclusive) neither counts these prompts twice nor collides
  -- with a shard row this statement inserts. In project order, so two imports cannot wait on each other.
  PERFORM pg_advisory_xact_lock_shared(exemplar_analytics_lock_key(x.project_id))
     FROM (SELECT DISTINCT project_id FROM changed ORDER BY 1) x;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_prompt_states AS s (project_id, shard, responses, undecided, accepted, prompts)
    SELECT c.project_id, pg_backend_pid() % 8, 0, false, false, count(*) FROM changed c GROUP BY c.project_id
    ON CONFLICT (project_id, shard, responses, undecided, accepted) DO UPDATE SET prompts = s.prompts + EXCLUDED.prompts;
  ELSE
    -- Their responses went first (the cascade), moving each prompt back to its state without responses.
    INSERT INTO analytics_prompt_states AS s (project_id, shard, responses, undecided, accepted, prompts)
    SELECT c.project_id, pg_backend_pid() % 8, coalesce(a.responses, 0), coalesce(a.undecided, 0) > 0,
           coalesce(a.accepted, 0) > 0, -count(*)
      FROM changed c
      LEFT JOIN analytics_prompts a ON a.prompt_id = c.id
     WHERE EXISTS (SELECT 1 FROM projects p WHERE p.id = c.project_id)
     GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (project_id, shard, responses, undecided, accepted) DO UPDATE SET prompts = s.prompts + EXCLUDED.prompts;
    DELETE FROM analytics_prompts a USING changed c WHERE a.prompt_id = c.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION exemplar_analytics_on_project() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A new project has nothing to summarise: its summaries are complete from the start.
    INSERT INTO analytics_projects (project_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  ELSE
    PERFORM exemplar_analytics_forget(OLD.id);
  END IF;
  RETURN NULL;
END
$$;

-- Every summary row of a project, gone.
CREATE OR REPLACE FUNCTION exemplar_analytics_forget(p_project uuid) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM analytics_labelers WHERE project_id = p_project;
  DELETE FROM analytics_reviewers WHERE project_id = p_project;
  DELETE FROM analytics_days WHERE project_id = p_project;
  DELETE FROM analytics_medians WHERE project_id = p_project;
  DELETE FROM analytics_scores WHERE project_id = p_project;
  DELETE FROM analytics_review_pairs WHERE project_id = p_project;
  DELETE FROM analytics_pairs WHERE project_id = p_project;
  DELETE FROM analytics_pair_scores WHERE project_id = p_project;
  DELETE FROM analytics_prompts WHERE project_id = p_project;
  DELETE FROM analytics_prompt_states WHERE project_id = p_project;
  DELETE FROM analytics_projects WHERE project_id = p_project;
$$;

-- Every summary of one project recomputed from the base tables, under the project's analytics lock
-- (exclusive: writes of the project wait, so no delta lands between the delete and the inserts). For bulk
-- loads that bypass nothing but are faster summarised at once, and for repair. Responses whose stored edit
-- distance is still missing count 0 until lib/analytics fills it (their update then adds it).
CREATE OR REPLACE FUNCTION exemplar_rebuild_analytics(p_project uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(exemplar_analytics_lock_key(p_project));
  PERFORM exemplar_analytics_forget(p_project);
  IF NOT EXISTS (SELECT 1 FROM projects WHERE id = p_project) THEN
    RETURN;
  END IF;

  INSERT INTO analytics_labelers (project_id, user_id, responses, submitted, accepted, rejected, needs_revision,
                                  revised, edit_distance_sum, edited_by_reviewer)
  SELECT p_project, r.author_id, count(*),
         count(*) FILTER (WHERE r.status = 'submitted'),
         count(*) FILTER (WHERE r.status = 'accepted'),
         count(*) FILTER (WHERE r.status = 'rejected'),
         count(*) FILTER (WHERE r.status = 'needs_revision'),
         count(*) FILTER (WHERE r.status IN ('accepted', 'rejected') AND sent_back.response_id IS NOT NULL),
         coalesce(sum(coalesce(r.edit_distance, 0)) FILTER (WHERE r.status = 'accepted' AND r.revision > 1), 0),
         count(*) FILTER (WHERE r.status = 'accepted' AND r.revision > 1 AND r.reviewer_edited)
    FROM responses r
    -- exemplar_analytics_sent_back for every response at once.
    LEFT JOIN (SELECT DISTINCT v.response_id
                 FROM reviews v JOIN responses x ON x.id = v.response_id
                WHERE x.project_id = p_project AND v.decision = 'revise' AND NOT v.second_opinion) sent_back
           ON sent_back.response_id = r.id
   WHERE r.project_id = p_project
   GROUP BY r.author_id;

  INSERT INTO analytics_reviewers (project_id, user_id, accept, reject, revise, edit, second_opinions)
  SELECT p_project, v.reviewer_id,
         count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'accept'),
         count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'reject'),
         count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'revise'),
         count(*) FILTER (WHERE NOT v.second_opinion AND v.decision = 'edit'),
         count(*) FILTER (WHERE v.second_opinion)
    FROM reviews v JOIN responses r ON r.id = v.response_id
   WHERE r.project_id = p_project
   GROUP BY v.reviewer_id;

  INSERT INTO analytics_days (project_id, day, user_id, submitted, accepted, rejected, revise)
  SELECT p_project, x.day, x.user_id, sum(x.submitted), sum(x.accepted), sum(x.rejected), sum(x.revise)
    FROM (SELECT (r.submitted_at AT TIME ZONE 'UTC')::date AS day, r.author_id AS user_id,
                 1 AS submitted, 0 AS accepted, 0 AS rejected, 0 AS revise
            FROM responses r WHERE r.project_id = p_project
          UNION ALL
          SELECT (v.created_at AT TIME ZONE 'UTC')::date, v.reviewer_id, 0, (v.decision IN ('accept', 'edit'))::int,
                 (v.decision = 'reject')::int, (v.decision = 'revise')::int
            FROM reviews v JOIN responses r ON r.id = v.response_id
           WHERE r.project_id = p_project AND NOT v.second_opinion) x
   GROUP BY x.day, x.user_id;

  INSERT INTO analytics_medians (project_id, user_id, metric, bucket, n, vals)
  SELECT p_project, x.user_id, x.metric, exemplar_analytics_bucket(x.value), count(*), array_agg(x.value)
    FROM (SELECT r.author_id AS user_id, 'active_ms' AS metric, r.active_ms AS value
            FROM responses r WHERE r.project_id = p_project AND r.active_ms IS NOT NULL
          UNION ALL
          SELECT r.author_id, 'tokens', r.token_count FROM responses r WHERE r.project_id = p_project
          UNION ALL
          SELECT v.reviewer_id, 'review_ms', v.duration_ms
            FROM reviews v JOIN responses r ON r.id = v.response_id
           WHERE r.project_id = p_project AND v.duration_ms IS NOT NULL) x
   GROUP BY x.user_id, x.metric, exemplar_analytics_bucket(x.value);

  INSERT INTO analytics_scores (project_id, user_id, criterion, total, n)
  SELECT p_project, r.author_id, s.key, sum(s.value::text::numeric), count(*)
    FROM reviews v
    JOIN responses r ON r.id = v.response_id
   CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(v.scores) = 'object' THEN v.scores ELSE '{}'::jsonb END) s
   WHERE r.project_id = p_project AND NOT v.second_opinion AND jsonb_typeof(s.value) = 'number'
   GROUP BY r.author_id, s.key;

  INSERT INTO analytics_review_pairs
  SELECT j.*
    FROM (SELECT DISTINCT s.response_id FROM reviews s JOIN responses r ON r.id = s.response_id
           WHERE r.project_id = p_project AND s.second_opinion) x
   CROSS JOIN LATERAL exemplar_analytics_judged_pairs(p_project, x.response_id) j;
  INSERT INTO analytics_pairs (project_id, reviewer_a, reviewer_b, responses, both_accepted, a_accepted, b_accepted)
  SELECT p_project, x.reviewer_a, x.reviewer_b, count(*), count(*) FILTER (WHERE x.a_accepted AND x.b_accepted),
         count(*) FILTER (WHERE x.a_accepted), count(*) FILTER (WHERE x.b_accepted)
    FROM analytics_review_pairs x WHERE x.project_id = p_project
   GROUP BY x.reviewer_a, x.reviewer_b;
  INSERT INTO analytics_pair_scores (project_id, reviewer_a, reviewer_b, criterion, seen, difference_total, n)
  SELECT p_project, x.reviewer_a, x.reviewer_b, k.key,
         sum((x.a_scores ? k.key)::int + (x.b_scores ? k.key)::int),
         sum(CASE WHEN x.a_scores ? k.key AND x.b_scores ? k.key
                  THEN abs((x.a_scores ->> k.key)::numeric - (x.b_scores ->> k.key)::numeric) ELSE 0 END),
         count(*) FILTER (WHERE x.a_scores ? k.key AND x.b_scores ? k.key)
    FROM analytics_review_pairs x
   CROSS JOIN LATERAL (SELECT jsonb_object_keys(x.a_scores) AS key UNION SELECT jsonb_object_keys(x.b_scores)) k
   WHERE x.project_id = p_project
   GROUP BY x.reviewer_a, x.reviewer_b, k.key;

  INSERT INTO analytics_prompts (prompt_id, project_id, responses, undecided, accepted)
  SELECT r.prompt_id, p_project, count(*), count(*) FILTER (WHERE r.status IN ('submitted', 'needs_revision')),
         count(*) FILTER (WHERE r.status = 'accepted')
    FROM responses r WHERE r.project_id = p_project
   GROUP BY r.prompt_id;
  INSERT INTO analytics_prompt_states (project_id, shard, responses, undecided, accepted, prompts)
  SELECT p_project, 0, coalesce(a.responses, 0), coalesce(a.undecided, 0) > 0, coalesce(a.accepted, 0) > 0, count(*)
    FROM prompts pr LEFT JOIN analytics_prompts a ON a.prompt_id = pr.id
   WHERE pr.project_id = p_project
   GROUP BY 2, 3, 4, 5;

  INSERT INTO analytics_projects (project_id) VALUES (p_project);
END
$$;

-- A database migrated from before the summaries: summarise each project once (later migrates find every
-- project summarised and do nothing). Skipped where the tables do not exist (a scratch database).
DO $$
BEGIN
  IF to_regclass('public.analytics_projects') IS NOT NULL THEN
    PERFORM exemplar_rebuild_analytics(p.id)
       FROM projects p WHERE NOT EXISTS (SELECT 1 FROM analytics_projects a WHERE a.project_id = p.id);
  END IF;
END
$$;
