-- Who sees a project, in SQL: the same rule as lib/projects/access.ts's projectCapabilities, for
-- queries that must decide it inside one statement (lists across projects, the autosave's UPDATE).
-- Installed by `exemplar migrate` like every prisma/functions/*.sql file (see leasing.sql's header
-- for how to change a function safely). Admins are decided by the caller, which knows the role.
--
-- A member or anyone in an `everyone` project sees it; with p_need_reviewer only `reviewer`
-- members count (the global role's own cap stays with the caller). LANGUAGE sql and one
-- expression, so the planner inlines it into the calling query. The access is passed as text
-- (`projects.access::text`) so the source installs on a database without the tables' types.
CREATE OR REPLACE FUNCTION exemplar_sees_project(
  p_project uuid, p_access text, p_user uuid, p_need_reviewer boolean
) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT p_access = 'everyone'
      OR EXISTS (SELECT 1 FROM project_members pm
                  WHERE pm.project_id = p_project AND pm.user_id = p_user
                    AND (NOT p_need_reviewer OR pm.role = 'reviewer'))
$$;
