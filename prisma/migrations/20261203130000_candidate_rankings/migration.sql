-- CreateTable
CREATE TABLE "candidate_rankings" (
    "task_id" UUID NOT NULL,
    "turn" INTEGER NOT NULL,
    "project_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "suggestion_ids" JSONB NOT NULL,
    "ranks" INTEGER[],
    "display_order" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidate_rankings_pkey" PRIMARY KEY ("task_id","turn")
);

-- CreateIndex
CREATE INDEX "candidate_rankings_project_id_idx" ON "candidate_rankings"("project_id");

-- AddForeignKey
ALTER TABLE "candidate_rankings" ADD CONSTRAINT "candidate_rankings_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_rankings" ADD CONSTRAINT "candidate_rankings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

