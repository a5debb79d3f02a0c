-- Project membership (docs/decisions/009-project-membership.md). A members-only project is seen only by
-- admins and its members; projects that existed before stay open to everyone (`access = 'everyone'`),
-- so nothing changes for them, while new projects start members-only. `status`: active, paused (no new
-- claims) or archived (read-only).

-- CreateEnum
CREATE TYPE "ProjectAccess" AS ENUM ('members', 'everyone');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('active', 'paused', 'archived');

-- CreateEnum
CREATE TYPE "ProjectRole" AS ENUM ('labeler', 'reviewer');

-- AlterTable: existing rows get 'everyone', then the default becomes 'members' for new projects.
ALTER TABLE "projects" ADD COLUMN     "access" "ProjectAccess" NOT NULL DEFAULT 'everyone',
ADD COLUMN     "status" "ProjectStatus" NOT NULL DEFAULT 'active';
ALTER TABLE "projects" ALTER COLUMN "access" SET DEFAULT 'members';

-- CreateTable
CREATE TABLE "project_members" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "ProjectRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateIndex
CREATE INDEX "project_members_user_id_idx" ON "project_members"("user_id");

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
