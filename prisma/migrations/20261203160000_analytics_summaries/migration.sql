-- Analytics read summaries that the writes keep, instead of scanning a project's responses per view
-- (decision 021). The trigger functions' bodies live in prisma/functions/analytics-summaries.sql, applied
-- after the migrations; the stubs below only let the triggers be created here.

-- Each response keeps its normalised edit distance, revision 1 → the current text (computed in Node when
-- a revision is written; null at revision 1, and on older rows until lib/analytics fills it, together with
-- the flag), and whether its current text is a reviewer's edit.
ALTER TABLE "responses" ADD COLUMN "edit_distance" DOUBLE PRECISION,
ADD COLUMN "reviewer_edited" BOOLEAN NOT NULL DEFAULT false;

-- The responses whose stored distance is still to be computed: read on every analytics view, empty once filled.
CREATE INDEX "responses_edit_distance_missing_idx" ON "responses"("project_id") WHERE "revision" > 1 AND "edit_distance" IS NULL;

-- CreateTable
CREATE TABLE "analytics_projects" (
    "project_id" UUID NOT NULL,
    "rebuilt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_projects_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "analytics_labelers" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "responses" BIGINT NOT NULL DEFAULT 0,
    "submitted" BIGINT NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,
    "needs_revision" BIGINT NOT NULL DEFAULT 0,
    "revised" BIGINT NOT NULL DEFAULT 0,
    "edit_distance_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "edited_by_reviewer" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_labelers_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "analytics_reviewers" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "accept" BIGINT NOT NULL DEFAULT 0,
    "reject" BIGINT NOT NULL DEFAULT 0,
    "revise" BIGINT NOT NULL DEFAULT 0,
    "edit" BIGINT NOT NULL DEFAULT 0,
    "second_opinions" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_reviewers_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "analytics_days" (
    "project_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "user_id" UUID NOT NULL,
    "submitted" BIGINT NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,
    "revise" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_days_pkey" PRIMARY KEY ("project_id","day","user_id")
);

-- CreateTable
CREATE TABLE "analytics_medians" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,
    "vals" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "analytics_medians_pkey" PRIMARY KEY ("project_id","user_id","metric","bucket")
);

-- CreateTable
CREATE TABLE "analytics_scores" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "criterion" TEXT NOT NULL,
    "total" NUMERIC NOT NULL DEFAULT 0,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_scores_pkey" PRIMARY KEY ("project_id","user_id","criterion")
);

-- CreateTable
CREATE TABLE "analytics_review_pairs" (
    "second_review_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "response_id" UUID NOT NULL,
    "reviewer_a" UUID NOT NULL,
    "reviewer_b" UUID NOT NULL,
    "a_accepted" BOOLEAN NOT NULL,
    "b_accepted" BOOLEAN NOT NULL,
    "a_scores" JSONB NOT NULL,
    "b_scores" JSONB NOT NULL,

    CONSTRAINT "analytics_review_pairs_pkey" PRIMARY KEY ("second_review_id")
);

-- CreateTable
CREATE TABLE "analytics_pairs" (
    "project_id" UUID NOT NULL,
    "reviewer_a" UUID NOT NULL,
    "reviewer_b" UUID NOT NULL,
    "responses" BIGINT NOT NULL DEFAULT 0,
    "both_accepted" BIGINT NOT NULL DEFAULT 0,
    "a_accepted" BIGINT NOT NULL DEFAULT 0,
    "b_accepted" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_pairs_pkey" PRIMARY KEY ("project_id","reviewer_a","reviewer_b")
);

-- CreateTable
CREATE TABLE "analytics_pair_scores" (
    "project_id" UUID NOT NULL,
    "reviewer_a" UUID NOT NULL,
    "reviewer_b" UUID NOT NULL,
    "criterion" TEXT NOT NULL,
    "seen" BIGINT NOT NULL DEFAULT 0,
    "difference_total" NUMERIC NOT NULL DEFAULT 0,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_pair_scores_pkey" PRIMARY KEY ("project_id","reviewer_a","reviewer_b","criterion")
);

-- CreateTable
CREATE TABLE "analytics_prompts" (
    "prompt_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "responses" INTEGER NOT NULL DEFAULT 0,
    "undecided" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_prompts_pkey" PRIMARY KEY ("prompt_id")
);

-- CreateTable
CREATE TABLE "analytics_prompt_states" (
    "project_id" UUID NOT NULL,
    "shard" INTEGER NOT NULL,
    "responses" INTEGER NOT NULL,
    "undecided" BOOLEAN NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "prompts" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_prompt_states_pkey" PRIMARY KEY ("project_id","shard","responses","undecided","accepted")
);

-- CreateIndex
CREATE INDEX "analytics_review_pairs_response_id_idx" ON "analytics_review_pairs"("response_id");

-- Trigger function stubs; prisma/functions/analytics-summaries.sql replaces them on every migrate.
-- The response stub backs a BEFORE DELETE trigger too, where NULL would cancel the delete: it lets the row go.
CREATE FUNCTION exemplar_analytics_on_response() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NULL; END $$;
CREATE FUNCTION exemplar_analytics_on_review() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION exemplar_analytics_on_prompts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION exemplar_analytics_on_project() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;

CREATE TRIGGER analytics_response_written AFTER INSERT OR UPDATE ON "responses"
  FOR EACH ROW EXECUTE FUNCTION exemplar_analytics_on_response();
-- Before the row goes: the cascade deletes its reviews next, which can no longer find the response's project.
CREATE TRIGGER analytics_response_deleted BEFORE DELETE ON "responses"
  FOR EACH ROW EXECUTE FUNCTION exemplar_analytics_on_response();
CREATE TRIGGER analytics_review_written AFTER INSERT OR UPDATE OR DELETE ON "reviews"
  FOR EACH ROW EXECUTE FUNCTION exemplar_analytics_on_review();
CREATE TRIGGER analytics_prompts_inserted AFTER INSERT ON "prompts"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION exemplar_analytics_on_prompts();
CREATE TRIGGER analytics_prompts_deleted AFTER DELETE ON "prompts"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION exemplar_analytics_on_prompts();
CREATE TRIGGER analytics_project_written AFTER INSERT OR DELETE ON "projects"
  FOR EACH ROW EXECUTE FUNCTION exemplar_analytics_on_project();
