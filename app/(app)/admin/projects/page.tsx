import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { listProjects } from "@/lib/projects/list-projects";
import { listProjectStats } from "@/lib/projects/project-stats";
import { StatusRegion } from "@/components/forms/form-message";
import { ProjectStatusBadge } from "@/components/admin/project-lifecycle";
import { ProjectListFilter } from "@/components/admin/project-list-filter";

export const metadata: Metadata = { title: "Projects" };

type Props = { searchParams: Promise<{ status?: string; deleted?: string }> };

export default async function ProjectsPage({ searchParams }: Props) {
  const actor = await requireActor("admin");
  const query = await searchParams;
  const archived = query.status === "archived";
  const [projects, statsById] = await Promise.all([
    listProjects(actor, { status: archived ? "archived" : undefined }),
    listProjectStats(actor),
  ]);
  const stats = projects.map((p) => statsById.get(p.id));

  return (
    <main className="page stack">
      <div className="row">
        <h1>Projects</h1>
        <span className="spacer" />
        <Link href="/admin/projects/new" className="button button-primary">
          New project
        </Link>
      </div>
      <StatusRegion>
        {typeof query.deleted === "string" && (
          <p className="alert alert-ok">
            The project <code>{query.deleted}</code> was deleted.
          </p>
        )}
      </StatusRegion>
      <ProjectListFilter archived={archived} />
      {projects.length === 0 ? (
        <p className="muted">
          {archived ? "No archived projects." : "No projects yet. Create one, then import its prompts."}
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Prompts</th>
              <th scope="col">
                <abbr title="Every response written and decided (accepted or rejected)">Done</abbr>
              </th>
              <th scope="col">In review</th>
              <th scope="col">Responses to review</th>
              <th scope="col">Accepted</th>
              <th scope="col">Rejected</th>
              <th scope="col">Per prompt</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((project, i) => {
              const s = stats[i];
              return (
                <tr key={project.id}>
                  <td>
                    <Link href={`/admin/projects/${project.slug}`}>{project.name}</Link>{" "}
                    <ProjectStatusBadge status={project.status} />
                    <div className="small muted">
                      <code>{project.slug}</code> · {project.access === "members" ? "members only" : "everyone"}
                    </div>
                  </td>
                  <td>{s?.prompts ?? project.promptCount}</td>
                  <td>{s?.promptsDone ?? 0}</td>
                  <td>{s?.promptsInReview ?? 0}</td>
                  <td>{s?.responses.submitted ?? 0}</td>
                  <td>{s?.responses.accepted ?? 0}</td>
                  <td>{s?.responses.rejected ?? 0}</td>
                  <td>{project.responsesPerPrompt}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
