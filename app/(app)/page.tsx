import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/current-user";
import { listProjects } from "@/lib/projects/list-projects";
import { ProjectList } from "@/components/labeling/project-list";

export const metadata: Metadata = { title: "Your projects" };

export default async function HomePage() {
  const actor = await requireActor("label");
  const projects = await listProjects(actor);
  return (
    <main className="page stack">
      <h1>Your projects</h1>
      <ProjectList projects={projects} />
    </main>
  );
}
