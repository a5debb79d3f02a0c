-- Model connections (an OpenAI-compatible endpoint per project, its API key sealed with AES-256-GCM) and the
-- suggestions they wrote for labelers (docs/api.md "Model connection API").
-- CreateEnum
CREATE TYPE "AssistantMode" AS ENUM ('draft', 'compare');

-- CreateTable
CREATE TABLE "model_connections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'default',
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "api_key_encrypted" BYTEA,
    "mode" "AssistantMode" NOT NULL DEFAULT 'draft',
    "candidates" INTEGER NOT NULL DEFAULT 1,
    "temperature" DOUBLE PRECISION,
    "max_tokens" INTEGER,
    "system_prompt" TEXT,
    "timeout_seconds" INTEGER NOT NULL DEFAULT 60,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suggestions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "connection_id" UUID,
    "turn" INTEGER NOT NULL,
    "batch_id" UUID NOT NULL,
    "candidate" INTEGER NOT NULL DEFAULT 0,
    "model" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "content" TEXT NOT NULL,
    "finish_reason" TEXT,
    "latency_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suggestions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_connections_project_id_name_key" ON "model_connections"("project_id", "name");

-- CreateIndex
CREATE INDEX "suggestions_task_id_turn_idx" ON "suggestions"("task_id", "turn");

-- CreateIndex
CREATE INDEX "suggestions_prompt_id_idx" ON "suggestions"("prompt_id");

-- CreateIndex
CREATE INDEX "suggestions_connection_id_idx" ON "suggestions"("connection_id");

-- AddForeignKey
ALTER TABLE "model_connections" ADD CONSTRAINT "model_connections_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "model_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

