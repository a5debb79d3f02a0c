import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { projectFilterWhere } from "@/lib/projects/access";
import { excerpt } from "@/lib/format/excerpt";
import { projectRubric } from "@/lib/review/rubric";
import { getResponseDetail } from "@/lib/review/response-detail";
import type { ResponseDetail, ReviewView } from "@/lib/review/response-view";
import { personShower, scoresShown } from "@/lib/review/review-visibility";
import { listSkippedDrafts } from "@/lib/tasks/resume-task";
import { myWorkRows, type MyWorkRow } from "@/lib/analytics/sql/my-work";

/** `<submittedAt ISO>_<response id>` of the last item shown: the keyset of the next page. */
const Cursor = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((s) => ({ submittedAt: new Date(s.slice(0, 24)), id: s.slice(25) }))
  .refine((c) => !Number.isNaN(c.submittedAt.getTime()));

export const MyWorkQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
/** My work's query once parsed at the edge (parseQueryValues): what listMyWork takes. */
export type MyWorkFilter = z.output<typeof MyWorkQuery>;
const FIRST_PAGE: MyWorkFilter = MyWorkQuery.parse({});

/** How many responses sent back for revision My work lists at once; the writing screen offers them one by one anyway. */
const SENT_BACK_LIMIT = 100;
const PROMPT_CHARS = 120;
const TEXT_CHARS = 160;

export type MyWorkReview = {
  decision: string;
  comment: string | null;
  reason: string | null;
  /** The revision the review judged. */
  revision: number;
  /** As lib/review shows reviewers to an author: a pseudonym (admins see names). */
  reviewer: string;
  createdAt: Date;
};

export type Score = { key: string; label: string; score: number };

export type MyWorkItem = {
  id: string;
  status: string;
  project: { name: string; slug: string };
  externalId: string | null;
  /** The prompt's first user message, shortened to one line. */
  prompt: string;
  /** The start of the caller's own latest text (not a reviewer's edit of it), on one line. */
  excerpt: string;
  submittedAt: Date;
  revision: number;
  /** Active writing time the editor measured (all revisions), null for responses from before it did. */
  activeMs: number | null;
  /** Still waiting for its first review: its author may edit it (docs/workspace.md). */
  editable: boolean;
  /** The final text is a reviewer's edit of the caller's. */
  editedByReviewer: boolean;
  /** The latest decision's rubric scores, labelled from the project's rubric; empty when the project hides them. */
  scores: Score[];
  /** The decisions on the response, oldest first. Second opinions are the reviewers' business. */
  reviews: MyWorkReview[];
};

export type MyWorkPage = {
  /** Responses a reviewer sent back for revision, in the order the writing screen offers them; first page only. */
  sentBack: MyWorkItem[];
  /** The other responses, newest first. */
  items: MyWorkItem[];
  nextCursor: string | null;
};

/**
 * The caller's own responses across projects with what reviewers said: the labeler's side of
 * review (docs/review.md). The ones sent back for revision come first, apart; the rest newest first,
 * keyset-paginated on (submittedAt, id), so a page never repeats or skips a response while new ones arrive.
 * One statement (lib/analytics/sql/my-work.ts): the page is opened often, after about one submit in ten.
 */
export async function listMyWork(actor: Actor, query: MyWorkFilter = FIRST_PAGE): Promise<MyWorkPage> {
  assertCan(actor, "label");
  const { cursor, limit } = query;
  // Work in a project the caller may no longer see (lib/projects/access.ts) is kept, not listed.
  const rows = await myWorkRows(actor, { cursor, limit, sentBackLimit: SENT_BACK_LIMIT });
  const sentBack = rows.filter((row) => row.sentBack);
  const others = rows.filter((row) => !row.sentBack);
  const page = others.slice(0, limit);
  const last = page.at(-1);
  const toItem = (row: MyWorkRow): MyWorkItem => {
    const labels = rubricLabels(row.rubric);
    const latest = row.reviews.at(-1);
    // The one rule of lib/review: authors see reviewers as pseudonyms, as in the revise loop's
    // task view, so that no screen ties a pseudonym to a name.
    const show = personShower(actor, actor.id, row.blindReview);
    return {
      id: row.id,
      status: row.status,
      project: { name: row.projectName, slug: row.projectSlug },
      externalId: row.externalId,
      prompt: excerpt(row.firstUserMessage ?? "", PROMPT_CHARS),
      excerpt: excerpt(((row.ownTurns ?? []) as string[]).join(" ⋯ "), TEXT_CHARS),
      submittedAt: row.submittedAt,
      revision: row.revision,
      activeMs: row.activeMs,
      editable: row.status === "submitted",
      editedByReviewer: row.ownNumber !== null && row.ownNumber < row.revision,
      scores: scoresShown(actor, actor.id, row.labelersSeeScores) ? scoreList(latest?.scores, labels) : [],
      reviews: row.reviews.map((review) => ({
        decision: review.decision,
        comment: review.comment,
        reason: review.reason,
        revision: review.revision,
        reviewer: show(review.reviewer).name,
        createdAt: new Date(review.createdAt),
      })),
    };
  };
  return {
    sentBack: sentBack.map(toItem),
    items: page.map(toItem),
    nextCursor: others.length > limit && last ? `${last.submittedAt.toISOString()}_${last.id}` : null,
  };
}

/** What waits for the caller: responses sent back to them, and skipped prompts with a draft (up to 20). */
export type Waiting = { sentBack: number; skippedDrafts: number };

export async function countWaiting(actor: Actor): Promise<Waiting> {
  assertCan(actor, "label");
  const [sentBack, skipped] = await Promise.all([
    prisma.response.count({
      where: { authorId: actor.id, status: "needs_revision", project: projectFilterWhere(actor, "see") },
    }),
    listSkippedDrafts(actor),
  ]);
  return { sentBack, skippedDrafts: skipped.length };
}

/** A reviewer's edit of the caller's text: the caller's last revision and the reviewer's. */
export type ReviewerEdit = { before: string[]; after: string[]; reviewer: string; revision: number };

export type MyResponse = {
  response: ResponseDetail;
  project: { name: string; slug: string };
  /** The caller's latest own text (what a reviewer's edit changed). */
  mine: string[];
  edit: ReviewerEdit | null;
  /** The reviews with their scores labelled from the rubric (none when the project hides scores). */
  reviews: Array<Omit<ReviewView, "scores"> & { scores: Score[] }>;
};

/**
 * One of the caller's own responses as its author sees it (GET /responses/{id}'s rules: reviewers
 * as pseudonyms, no second opinions, scores only where the project shows them). Anyone else's
 * response is "not found" here, reviewers' and admins' included: this is the author's page.
 */
export async function getMyResponse(actor: Actor, responseId: string): Promise<MyResponse> {
  const response = await getResponseDetail(actor, responseId);
  if (response.author.id !== actor.id) throw notFound("Response");
  const project = await prisma.project.findUniqueOrThrow({
    where: { id: response.projectId },
    select: { name: true, slug: true, rubric: true },
  });
  const labels = rubricLabels(project.rubric);
  const own = response.revisions.filter((r) => r.by === "author").at(-1);
  const final = response.revisions.at(-1);
  const mine = own?.turns ?? response.turns;
  return {
    response,
    project: { name: project.name, slug: project.slug },
    mine,
    edit:
      final && final.by === "reviewer"
        ? { before: mine, after: final.turns, reviewer: final.author.name, revision: final.number }
        : null,
    reviews: response.reviews.map((review) => ({ ...review, scores: scoreList(review.scores, labels) })),
  };
}

function rubricLabels(rubric: unknown): Map<string, string> {
  return new Map(projectRubric(rubric).map((c) => [c.key, c.label]));
}

/** Scores in the rubric's order; a criterion the rubric no longer has keeps its key as label. */
function scoreList(scores: unknown, labels: Map<string, string>): Score[] {
  if (!scores || typeof scores !== "object" || Array.isArray(scores)) return [];
  const order = [...labels.keys()];
  return Object.entries(scores)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .map(([key, score]) => ({ key, label: labels.get(key) ?? key, score }))
    .sort((a, b) => rank(order, a.key) - rank(order, b.key));
}

const rank = (order: string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
