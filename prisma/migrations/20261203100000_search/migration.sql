-- Search (decision 012). The two tsvector columns are computed by the database from the text they
-- index, so no writer (the import's INSERT … SELECT, the submit function, a revision) can forget
-- them. schema.prisma cannot say GENERATED: it declares plain tsvector columns, and the drift test
-- (lib/migrations/schema-drift.db.test.ts) allows exactly these two expressions.
-- 'simple': no stemming and no stop words, so any language is found word for word.
-- Adding a stored column rewrites each table once.

-- AlterTable
ALTER TABLE "prompts" ADD COLUMN     "search" tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, jsonb_path_query_array("messages", '$[*].content'::jsonpath))) STORED;

-- AlterTable
ALTER TABLE "responses" ADD COLUMN     "search" tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "turns")) STORED;

-- CreateIndex
CREATE INDEX "prompts_external_id_prefix_idx" ON "prompts"("project_id", "external_id" text_pattern_ops);

-- CreateIndex
CREATE INDEX "prompts_search_idx" ON "prompts" USING GIN ("search");

-- CreateIndex
CREATE INDEX "prompts_project_id_created_at_seq_idx" ON "prompts"("project_id", "created_at", "seq");

-- CreateIndex
CREATE INDEX "responses_prompt_id_idx" ON "responses"("prompt_id");

-- CreateIndex
CREATE INDEX "responses_search_idx" ON "responses" USING GIN ("search");
