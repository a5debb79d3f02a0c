import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/projects";
import { getResponseDetail, nextInQueue } from "@/lib/review/responses";
import { reviewGuidelines } from "@/lib/review/review-guidelines";
import { ConversationView } from "@/components/review/conversation-view";
import { ResponseFacts, ReviewHistory } from "@/components/review/response-facts";
import { ReviewWorkspace } from "@/components/review/review-form";
import { ReviewedNotice } from "@/components/review/reviewed-notice";
import { ReviewGuidelinesPanel } from "@/components/review/review-guidelines";
import { Revisions } from "@/components/review/revisions";
import { ModelDraftChanges } from "@/components/review/model-draft-changes";
import { orNotFound } from "@/lib/pages/or-not-found";

export const metadata: Metadata = { title: "Review a response" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ reviewed?: string; undo?: string }> };

function unavailableText(status: string, own: boolean): string {
  if (own) return "You wrote this response; another reviewer has to decide on it.";
  if (status === "needs_revision")
    return "This response is back with its author for a revision; you can decide once they resubmit.";
  return `This response was ${status.replace("_", " ")}; there is nothing to decide.`;
}

export default async function ReviewResponsePage({ params, searchParams }: Props) {
  const actor = await requireActor("review");
  const [{ id }, { reviewed, undo }] = await Promise.all([params, searchParams]);
  const response = await orNotFound(getResponseDetail(actor, id));
  const project = await getProject(actor, response.projectId);
  const own = response.author.id === actor.id;
  const secondOpinion = response.canReview === "second_opinion";
  const [nextId, guidelines] = await Promise.all([
    nextInQueue(actor, project.id, response.id, secondOpinion),
    reviewGuidelines(project.id, response.guidelinesVersion),
  ]);
  const queueHref = `/review/${project.slug}${secondOpinion ? "?secondOpinion=pending" : ""}`;

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/review">Review</Link> / <Link href={queueHref}>{project.name}</Link>
      </nav>
      <ReviewedNotice reviewed={reviewed} undo={typeof undo === "string" ? undo : undefined} next />
      <div className="row">
        <h1>{secondOpinion ? "Second opinion" : "Review a response"}</h1>
        <span className="spacer" />
        {project.responsesPerPrompt > 1 && (
          <Link href={`/review/prompts/${response.promptId}`} className="button button-small">
            Compare responses to this prompt
          </Link>
        )}
      </div>
      <ReviewWorkspace
        key={response.id}
        response={{ id: response.id, turns: response.turns, revision: response.revision }}
        canReview={response.canReview}
        rubric={project.rubric}
        rejectReasons={project.rejectReasons}
        nextHref={nextId ? `/review/responses/${nextId}` : null}
        main={
          <>
            <section aria-label="Conversation with the response">
              <ConversationView
                messages={response.conversation.messages}
                turns={response.turns}
                author={response.author.name}
              />
            </section>
            {response.modelDrafts.length > 0 && (
              <section className="card stack" aria-labelledby="model-draft-heading">
                <h2 id="model-draft-heading">Changes from the model draft</h2>
                <ModelDraftChanges drafts={response.modelDrafts} turnCount={response.turns.length} />
              </section>
            )}
            <section className="card stack" aria-labelledby="revisions-heading">
              <h2 id="revisions-heading">Revisions</h2>
              <Revisions revisions={response.revisions} />
            </section>
          </>
        }
        unavailable={<p className="muted">{unavailableText(response.status, own)}</p>}
        guidelines={<ReviewGuidelinesPanel guidelines={guidelines} />}
        asideTop={
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <ResponseFacts response={response} />
          </section>
        }
        asideBottom={
          // A second-opinion reviewer must not see the first decision (docs/review.md); admins would.
          !secondOpinion && (
            <section className="card" aria-labelledby="reviews-heading">
              <h2 id="reviews-heading">Reviews</h2>
              <ReviewHistory reviews={response.reviews} rubric={project.rubric} />
            </section>
          )
        }
      />
    </main>
  );
}
