import "server-only";
import type { ProjectAccess, ProjectRole, ProjectStatus } from "@/generated/prisma/enums";
import { pool } from "@/lib/db";

/** What lib/projects/access.ts decides on: the project and the user's membership in it. */
export type ProjectAccessRow = {
  id: string;
  slug: string;
  name: string;
  access: ProjectAccess;
  status: ProjectStatus;
  /** The user's role as a member; null when they are not one (or there is no user). */
  member_role: ProjectRole | null;
};

const THE_PROJECT = {
  project: "SELECT pj.id FROM projects pj WHERE pj.id = $1",
  slug: "SELECT pj.id FROM projects pj WHERE pj.slug = $1",
  task: "SELECT t.project_id FROM tasks t WHERE t.id = $1",
  response: "SELECT r.project_id FROM responses r WHERE r.id = $1",
  prompt: "SELECT pr.project_id FROM prompts pr WHERE pr.id = $1",
} as const;

/**
 * A project (by id or slug), or the project of a task, response or prompt, with the user's membership, in one
 * statement: every project and task route asks it first (the claim too), so it costs one round trip, named so
 * each connection plans it once.
 */
export async function projectAccessRowOf(
  kind: keyof typeof THE_PROJECT,
  id: string,
  userId: string | null,
): Promise<ProjectAccessRow | undefined> {
  const { rows } = await pool().query<ProjectAccessRow>({
    name: `project-access-of-${kind}`,
    text: `
      SELECT p.id, p.slug, p.name, p.access::text AS access, p.status::text AS status,
             (SELECT pm.role::text FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $2) AS member_role
        FROM projects p
       WHERE p.id = (${THE_PROJECT[kind]})`,
    values: [id, userId],
  });
  return rows[0];
}
