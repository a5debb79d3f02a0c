import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { getResponseDetail } from "@/lib/review/responses";
import { ConversationView } from "@/components/review/conversation-view";
import { ResponseFacts, ReviewHistory } from "@/components/review/response-facts";
import { ReviewForm } from "@/components/review/review-form";
import { ReviewedNotice } from "@/components/review/reviewed-notice";
import { orNotFound } from "@/lib/forms/or-not-found";
import styles from "@/components/review/response-review.module.css";

export const metadata: Metadata = { title: "Review a response" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ reviewed?: string }> };

export default async function ReviewResponsePage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ id }, { reviewed }] = await Promise.all([params, searchParams]);
  const response = await orNotFound(getResponseDetail(actor, id));
  const project = await getProject(actor, response.projectId);
  const own = response.author.id === actor.id;

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / <Link href={`/review/${project.slug}`}>{project.name}</Link>
      </nav>
      <ReviewedNotice reviewed={reviewed} next />
      <h1>Response to {response.externalId ?? "a prompt"}</h1>
      <div className={styles.layout}>
        <section aria-label="Conversation with the response">
          <ConversationView messages={response.conversation.messages} turns={response.turns} author={response.author.name} />
        </section>
        <aside className={styles.aside}>
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <ResponseFacts response={response} />
          </section>
          <section className="card stack" aria-labelledby="decision-heading">
            <h2 id="decision-heading">Decision</h2>
            {response.status !== "submitted" ? (
              <p className="muted">This response was {response.status.replace("_", " ")}; there is nothing to decide.</p>
            ) : (
              <>
                {own && <p className="alert alert-warn">You wrote this response; another reviewer has to decide on it.</p>}
                <ReviewForm responseId={response.id} />
              </>
            )}
          </section>
          <section className="card" aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">Reviews</h2>
            <ReviewHistory reviews={response.reviews} />
          </section>
        </aside>
      </div>
    </main>
  );
}
