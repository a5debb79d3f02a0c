import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { listProjects } from "@/lib/projects/list-projects";
import { listProjectStats } from "@/lib/projects/project-stats";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const actor = await requireActor("admin");
  const [projects, statsById] = await Promise.all([listProjects(actor), listProjectStats(actor)]);
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
      {projects.length === 0 ? (
        <p className="muted">No projects yet. Create one, then import its prompts.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Prompts</th>
              <th scope="col">Complete</th>
              <th scope="col">Waiting for review</th>
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
                    <Link href={`/admin/projects/${project.slug}`}>{project.name}</Link>
                    <div className="small muted">
                      <code>{project.slug}</code>
                    </div>
                  </td>
                  <td>{s?.prompts ?? project.promptCount}</td>
                  <td>{s?.promptsComplete ?? 0}</td>
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
