import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { nextInQueue } from "@/lib/review/responses";
import { orNotFound } from "@/lib/pages/or-not-found";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ secondOpinion?: string }>;
};

/** "Start reviewing": the first response of the queue (or of the second opinions) waiting for the caller. */
export default async function StartReviewingPage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const project = await orNotFound(getProject(actor, slug, "review"));
  const secondOpinion = query.secondOpinion === "pending";
  const first = await nextInQueue(actor, project.id, null, secondOpinion);
  redirect(
    first ? `/review/responses/${first}` : `/review/${project.slug}${secondOpinion ? "?secondOpinion=pending" : ""}`,
  );
}
