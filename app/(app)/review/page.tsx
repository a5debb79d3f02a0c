import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { listProjects } from "@/lib/projects/list-projects";
import { listProjectStats } from "@/lib/projects/project-stats";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewIndexPage() {
  const actor = await requireActor("review");
  const [projects, statsById] = await Promise.all([listProjects(actor), listProjectStats(actor)]);
  const stats = projects.map((p) => statsById.get(p.id));

  return (
    <main className="page stack">
      <h1>Review</h1>
      <p className="muted">Pick a project to read the responses labelers submitted, oldest first.</p>
      {projects.length === 0 ? (
        <p className="muted">There are no projects yet.</p>
      ) : (
        <table className="table card">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Waiting for review</th>
              <th scope="col">Accepted</th>
              <th scope="col">Rejected</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((project, i) => {
              const waiting = stats[i]?.waitingForActor ?? 0;
              return (
                <tr key={project.id}>
                  <td>
                    <Link href={`/review/${project.slug}`}>{project.name}</Link>
                    {project.description && <div className="small muted">{project.description}</div>}
                  </td>
                  <td>
                    {waiting > 0 ? (
                      <span className="badge badge-accent">{waiting} waiting</span>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td>{stats[i]?.responses.accepted ?? 0}</td>
                  <td>{stats[i]?.responses.rejected ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
