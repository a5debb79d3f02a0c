-- Whether a response's second opinion was given lived only in `reviews`: counting the second opinions waiting
-- (the reviewer's home, the queue's "second opinion" tab) walked every response ever chosen for one and probed
-- its reviews. The flag is kept by a trigger on reviews (prisma/functions/second-opinions.sql replaces the stub
-- below on every migrate), so the waiting ones are a range of a partial index.
ALTER TABLE "responses" ADD COLUMN "second_opinion_given" BOOLEAN NOT NULL DEFAULT false;

-- The backfill, done here rather than by the function: a migration runs before the functions are applied.
UPDATE "responses" r SET "second_opinion_given" = true
 WHERE r."second_opinion"
   AND EXISTS (SELECT 1 FROM "reviews" v WHERE v."response_id" = r."id" AND v."second_opinion");

-- The responses waiting for a second opinion, in queue order; it replaces the index of every response ever
-- chosen for one, which only that count read.
CREATE INDEX "responses_second_opinion_waiting_idx" ON "responses"("project_id", "seq")
 WHERE "second_opinion" AND NOT "second_opinion_given" AND "status" IN ('accepted', 'rejected');
DROP INDEX "responses_project_id_second_opinion_seq_idx";

CREATE FUNCTION exemplar_second_opinion_on_review() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER second_opinion_review_written AFTER INSERT OR UPDATE OR DELETE ON "reviews"
  FOR EACH ROW EXECUTE FUNCTION exemplar_second_opinion_on_review();

-- The users page lists accounts newest first, a page at a time from a (created_at, id) cursor.
CREATE INDEX "users_created_at_id_idx" ON "users"("created_at", "id");
