import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getProject } from "@/lib/projects/projects";
import { LabelingSession } from "@/components/labeling/labeling-session";

export const metadata: Metadata = { title: "Labeling" };

/**
 * The writing screen of a project. Rendering it reads only: a GET must change nothing, since
 * anything can make the browser send one (a link, a prefetch, an image in someone's markdown). The
 * page's script claims the task (or resumes the held one) with `POST …/tasks/next` once it has loaded
 * (components/labeling/labeling-session.tsx).
 */
export default async function WorkPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requireActor("label");
  const project = await getProject(actor, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return <LabelingSession project={{ id: project.id, name: project.name }} />;
}
