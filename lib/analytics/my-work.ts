import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { projectRubric } from "@/lib/review/rubric";
import { personShower } from "@/lib/review/review-visibility";

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

export type MyWorkItem = {
  id: string;
  status: string;
  project: { name: string; slug: string };
  externalId: string | null;
  submittedAt: Date;
  revision: number;
  /** Active writing time the editor measured (all revisions), null for responses from before it did. */
  activeMs: number | null;
  /** Still waiting for its first review: its author may edit it (docs/workspace.md). */
  editable: boolean;
  /** The latest decision's rubric scores, labelled from the project's rubric. */
  scores: Array<{ key: string; label: string; score: number }>;
  /** The decisions on the response, oldest first. Second opinions are the reviewers' business. */
  reviews: MyWorkReview[];
};

/**
 * The caller's own responses across projects, newest first, with what reviewers said: the
 * labeler's side of review (docs/review.md). Keyset-paginated on (submittedAt, id), so a page never repeats
 * or skips a response while new ones arrive.
 */
export async function listMyWork(
  actor: Actor,
  query: unknown = {},
): Promise<{ items: MyWorkItem[]; nextCursor: string | null }> {
  assertCan(actor, "label");
  const parsed = MyWorkQuery.safeParse(query);
  if (!parsed.success) throw new AppError("validation_error", "Bad query parameters", parsed.error.issues);
  const { cursor, limit } = parsed.data;
  const rows = await prisma.response.findMany({
    where: {
      authorId: actor.id,
      ...(cursor
        ? {
            OR: [
              { submittedAt: { lt: cursor.submittedAt } },
              { submittedAt: cursor.submittedAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      status: true,
      revision: true,
      activeMs: true,
      submittedAt: true,
      project: { select: { name: true, slug: true, blindReview: true, rubric: true } },
      prompt: { select: { externalId: true } },
      reviews: {
        where: { secondOpinion: false },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          decision: true,
          comment: true,
          reason: true,
          scores: true,
          revision: true,
          createdAt: true,
          reviewer: { select: { id: true, name: true } },
        },
      },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => {
      const labels = new Map(projectRubric(row.project.rubric).map((c) => [c.key, c.label]));
      const latest = row.reviews.at(-1);
      // The one rule of lib/review: authors see reviewers as pseudonyms, as in the revise loop's
      // task view, so that no screen ties a pseudonym to a name.
      const show = personShower(actor, actor.id, row.project.blindReview);
      return {
        id: row.id,
        status: row.status,
        project: { name: row.project.name, slug: row.project.slug },
        externalId: row.prompt.externalId,
        submittedAt: row.submittedAt,
        revision: row.revision,
        activeMs: row.activeMs,
        editable: row.status === "submitted",
        scores: scoreList(latest?.scores, labels),
        reviews: row.reviews.map((review) => ({
          decision: review.decision,
          comment: review.comment,
          reason: review.reason,
          revision: review.revision,
          reviewer: show(review.reviewer).name,
          createdAt: review.createdAt,
        })),
      };
    }),
    nextCursor: rows.length > limit && last ? `${last.submittedAt.toISOString()}_${last.id}` : null,
  };
}

/** Scores in the rubric's order; a criterion the rubric no longer has keeps its key as label. */
function scoreList(scores: unknown, labels: Map<string, string>): MyWorkItem["scores"] {
  if (!scores || typeof scores !== "object" || Array.isArray(scores)) return [];
  const order = [...labels.keys()];
  return Object.entries(scores)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .map(([key, score]) => ({ key, label: labels.get(key) ?? key, score }))
    .sort((a, b) => rank(order, a.key) - rank(order, b.key));
}

const rank = (order: string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
