-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "active_ms" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "guidelines_acknowledgements" (
    "user_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guidelines_acknowledgements_pkey" PRIMARY KEY ("user_id","project_id")
);

-- AddForeignKey
ALTER TABLE "guidelines_acknowledgements" ADD CONSTRAINT "guidelines_acknowledgements_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guidelines_acknowledgements" ADD CONSTRAINT "guidelines_acknowledgements_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

