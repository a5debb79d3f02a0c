import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/current-user";
import { reviewHome } from "@/lib/review/review-home";
import { ReviewHome } from "@/components/review/review-home";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewIndexPage() {
  const actor = await requireActor("review");
  const projects = await reviewHome(actor);
  return (
    <main className="page stack">
      <h1>Review</h1>
      <ReviewHome projects={projects} />
    </main>
  );
}
