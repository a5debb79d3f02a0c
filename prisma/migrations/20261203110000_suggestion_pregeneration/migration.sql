-- Suggestions generated ahead of the labelers: runs over a project's open prompts, their items, the stored
-- suggestions, and a per-connection concurrency limit (docs/api.md "Pre-generation API", decision 017).
-- CreateEnum
CREATE TYPE "SuggestionRunState" AS ENUM ('running', 'finished', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "SuggestionRunItemState" AS ENUM ('pending', 'done', 'failed');

-- AlterTable
ALTER TABLE "model_connections" ADD COLUMN     "concurrency" INTEGER NOT NULL DEFAULT 8;

-- CreateTable
CREATE TABLE "pregenerated_suggestions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "connection_id" UUID,
    "run_id" UUID,
    "turn" INTEGER NOT NULL,
    "candidate" INTEGER NOT NULL DEFAULT 0,
    "model" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "content" TEXT NOT NULL,
    "finish_reason" TEXT,
    "latency_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pregenerated_suggestions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suggestion_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "connection_id" UUID,
    "state" "SuggestionRunState" NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL,
    "reason" TEXT,
    "started_by" UUID,
    "cancelled_by" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "lease_owner" UUID,
    "lease_until" TIMESTAMPTZ(3),

    CONSTRAINT "suggestion_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suggestion_run_items" (
    "run_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "state" "SuggestionRunItemState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,

    CONSTRAINT "suggestion_run_items_pkey" PRIMARY KEY ("run_id","prompt_id")
);

-- CreateIndex
CREATE INDEX "pregenerated_suggestions_project_id_idx" ON "pregenerated_suggestions"("project_id");

-- CreateIndex
CREATE INDEX "pregenerated_suggestions_connection_id_idx" ON "pregenerated_suggestions"("connection_id");

-- CreateIndex
CREATE INDEX "pregenerated_suggestions_run_id_idx" ON "pregenerated_suggestions"("run_id");

-- CreateIndex
CREATE UNIQUE INDEX "pregenerated_suggestions_prompt_id_turn_candidate_key" ON "pregenerated_suggestions"("prompt_id", "turn", "candidate");

-- CreateIndex
CREATE INDEX "suggestion_runs_project_id_started_at_idx" ON "suggestion_runs"("project_id", "started_at");

-- CreateIndex
CREATE INDEX "suggestion_run_items_run_id_state_seq_idx" ON "suggestion_run_items"("run_id", "state", "seq");

-- CreateIndex
CREATE INDEX "suggestion_run_items_prompt_id_idx" ON "suggestion_run_items"("prompt_id");

-- AddForeignKey
ALTER TABLE "pregenerated_suggestions" ADD CONSTRAINT "pregenerated_suggestions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pregenerated_suggestions" ADD CONSTRAINT "pregenerated_suggestions_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pregenerated_suggestions" ADD CONSTRAINT "pregenerated_suggestions_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "model_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pregenerated_suggestions" ADD CONSTRAINT "pregenerated_suggestions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "suggestion_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "model_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestion_run_items" ADD CONSTRAINT "suggestion_run_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "suggestion_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestion_run_items" ADD CONSTRAINT "suggestion_run_items_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

