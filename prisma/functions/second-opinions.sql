-- Whether a response's second opinion was given (responses.second_opinion_given), kept in the transaction of
-- every write of a review, so the second opinions waiting are an index range (migration
-- 20261204300000_second_opinion_given, decision 028) instead of a walk over every response ever chosen for one.
-- A trigger rather than the review's code: second opinions are given and taken back (undo) by the app, and
-- their reviews also go when a reviewer or a response is deleted; the trigger sees every one of those.
-- Installed by `exemplar migrate` like every prisma/functions/*.sql file (see leasing.sql's header for how
-- to change a function safely). PL/pgSQL, so the source installs on a database without the tables.

CREATE OR REPLACE FUNCTION exemplar_second_opinion_on_review() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' AND NEW.second_opinion THEN
    UPDATE responses SET second_opinion_given = true WHERE id = NEW.response_id AND NOT second_opinion_given;
  END IF;
  -- A second opinion taken back (or moved): the response waits again unless another one is left.
  IF TG_OP <> 'INSERT' AND OLD.second_opinion
     AND (TG_OP = 'DELETE' OR NOT NEW.second_opinion OR NEW.response_id <> OLD.response_id) THEN
    UPDATE responses r SET second_opinion_given = false
     WHERE r.id = OLD.response_id AND r.second_opinion_given
       AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = r.id AND v.second_opinion);
  END IF;
  RETURN NULL;
END
$$;

-- The flag recomputed from the reviews for a whole project: for bulk loads that write rows with the triggers
-- off (the scale benchmark's seeding), and for repair. Returns how many responses changed.
CREATE OR REPLACE FUNCTION exemplar_refresh_second_opinions(p_project uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_changed integer;
BEGIN
  UPDATE responses r SET second_opinion_given = g.given
    FROM (SELECT x.id, EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = x.id AND v.second_opinion) AS given
            FROM responses x
           WHERE x.project_id = p_project AND (x.second_opinion OR x.second_opinion_given)) g
   WHERE r.id = g.id AND r.second_opinion_given <> g.given;
  GET DIAGNOSTICS v_changed = ROW_COUNT;
  RETURN v_changed;
END
$$;
