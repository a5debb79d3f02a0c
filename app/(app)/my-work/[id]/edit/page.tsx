import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getTaskViewForResponse } from "@/lib/tasks/task-view";
import { EditSession } from "@/components/labeling/edit-session";

export const metadata: Metadata = { title: "Edit response" };

/** Edit after submit (docs/workspace.md): the author changes a response still waiting for review. */
export default async function EditResponsePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor("label");
  const task = await orNotFound(getTaskViewForResponse(actor, id));
  const project = await getProject(actor, task.projectId);
  if (!task.editing) {
    return (
      <main className="page stack">
        <h1>This response can no longer be edited</h1>
        <p className="muted">
          A reviewer has decided on it{task.revision ? " and sent it back: revise it from the project" : ""}.
        </p>
        <p>
          <Link href={task.revision ? `/work/${project.slug}` : "/my-work"} prefetch={false} className="button">
            {task.revision ? "Revise it" : "Back to My work"}
          </Link>
        </p>
      </main>
    );
  }
  return <EditSession task={task} projectName={project.name} />;
}
