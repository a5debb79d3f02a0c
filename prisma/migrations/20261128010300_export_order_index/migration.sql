-- CreateIndex
CREATE INDEX "responses_project_id_seq_idx" ON "responses"("project_id", "seq");
