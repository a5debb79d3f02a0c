-- Prompt metadata (every unknown key of an import) was sent to labelers with each task. Which keys
-- they see is now a project setting (lib/projects/schemas.ts LabelerMetadataKeys): empty, the default
-- and the value every existing project gets, shows labelers none; reviewers and admins see it all.
ALTER TABLE "projects" ADD COLUMN "labeler_metadata_keys" TEXT[] DEFAULT ARRAY[]::TEXT[];
