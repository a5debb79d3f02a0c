import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/current-user";
import { countWaiting } from "@/lib/analytics/my-work";
import { listProjects } from "@/lib/projects/list-projects";
import { ProjectList } from "@/components/labeling/project-list";
import { WaitingLinks } from "@/components/my-work/waiting-links";

export const metadata: Metadata = { title: "Your projects" };

/** The labeler's projects, after what waits for them outside the queue (work sent back, skipped drafts). */
export default async function HomePage() {
  const actor = await requireActor("label");
  const [projects, waiting] = await Promise.all([listProjects(actor), countWaiting(actor)]);
  return (
    <main className="page stack">
      <h1>Your projects</h1>
      <WaitingLinks waiting={waiting} />
      <ProjectList projects={projects} />
    </main>
  );
}
