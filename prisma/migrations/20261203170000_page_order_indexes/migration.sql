-- The audit log reads newest first (ORDER BY seq DESC LIMIT n): without an index on seq every page sorted
-- the whole table. The action filter reads its own events in the same order.
CREATE INDEX "audit_events_seq_idx" ON "audit_events"("seq");
CREATE INDEX "audit_events_action_seq_idx" ON "audit_events"("action", "seq");

-- My work lists an author's responses newest first, a page at a time: by the author alone it read and sorted
-- every response they wrote. This index serves both, so the one on author_id alone goes.
CREATE INDEX "responses_author_id_submitted_at_id_idx" ON "responses"("author_id", "submitted_at", "id");
DROP INDEX "responses_author_id_idx";

-- The second opinions waiting (the reviewer's home, the queue's "second opinion" tab) are 1 % of responses:
-- found by this index instead of a walk over every decided response of the project.
CREATE INDEX "responses_project_id_second_opinion_seq_idx" ON "responses"("project_id", "second_opinion", "seq");
