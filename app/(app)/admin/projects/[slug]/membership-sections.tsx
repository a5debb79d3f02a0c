import { requireActor } from "@/lib/auth/current-user";
import { listMembers } from "@/lib/projects/members";
import { projectStats } from "@/lib/projects/project-stats";
import { listUsers } from "@/lib/users/users";
import { ProjectAccessSwitch, ProjectMembers } from "@/components/admin/project-members";
import { ProjectLifecycle } from "@/components/admin/project-lifecycle";
import type { ProjectAccess, ProjectStatus } from "@/generated/prisma/enums";

type Project = { id: string; slug: string; name: string; access: ProjectAccess; status: ProjectStatus };

/** Who sees the project, and its members with their project roles (docs/decisions/009-project-membership.md). */
export async function MembersSection({ project }: { project: Project }) {
  const actor = await requireActor("admin");
  const [members, users] = await Promise.all([listMembers(actor, project.id), listUsers(actor)]);
  const listed = new Set(members.map((m) => m.userId));
  const candidates = users.filter((u) => u.active && !listed.has(u.id)).map((u) => ({ email: u.email, name: u.name }));
  const view = { id: project.id, name: project.name, access: project.access };
  return (
    <section className="stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <ProjectAccessSwitch project={view} memberCount={members.length} />
      <ProjectMembers project={view} members={members} candidates={candidates} />
    </section>
  );
}

/** Pause, archive, delete: at the foot of the settings, where a project's life is decided. */
export async function LifecycleSection({ project }: { project: Project }) {
  const actor = await requireActor("admin");
  const stats = await projectStats(actor, project.id);
  const responses = Object.values(stats.responses).reduce((sum, n) => sum + n, 0);
  return (
    <section className="card stack" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">Pause, archive or delete</h2>
      <ProjectLifecycle
        project={{ id: project.id, slug: project.slug, name: project.name, status: project.status }}
        counts={{ prompts: stats.prompts, responses }}
      />
    </section>
  );
}
