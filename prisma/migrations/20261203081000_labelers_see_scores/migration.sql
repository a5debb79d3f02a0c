-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "labelers_see_scores" BOOLEAN NOT NULL DEFAULT true;
