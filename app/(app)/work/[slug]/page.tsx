import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { orNotFound } from "@/lib/pages/or-not-found";
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
  const project = await orNotFound(getProject(actor, slug));
  return <LabelingSession project={{ id: project.id, name: project.name }} />;
}
