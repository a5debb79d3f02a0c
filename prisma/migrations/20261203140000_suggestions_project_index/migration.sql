-- CreateIndex
CREATE INDEX "suggestions_project_id_idx" ON "suggestions"("project_id");
