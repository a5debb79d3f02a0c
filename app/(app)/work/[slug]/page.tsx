import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getProject } from "@/lib/projects/projects";
import { claimNextTask } from "@/lib/tasks/claim-next-task";
import { LabelingSession } from "@/components/labeling/labeling-session";

export const metadata: Metadata = { title: "Labeling" };

/**
 * Resumes the caller's task in the project or claims the next one. Rendering claims, so links
 * here are never prefetched. After a submit the client claims the next task itself through the API
 * (components/labeling), and refreshes this page only when that fails.
 */
export default async function WorkPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requireActor("label");
  const project = await getProject(actor, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const task = await claimNextTask(actor, project.id);
  return <LabelingSession project={{ name: project.name, slug: project.slug }} task={task} />;
}
