import "server-only";
import { prisma } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import type { PromptMessage } from "@/lib/conversation/types";
import { getProject } from "@/lib/projects/projects";
import { ListResponsesQuery, ReviewInput } from "@/lib/review/schemas";
import { responseSelect, toResponseView, type ResponseDetail } from "@/lib/review/response-view";

/** The review list: oldest first, keyset-paginated on the response's sequence number. */
export async function listResponses(actor: Actor, projectIdOrSlug: string, query: unknown) {
  assertCan(actor, "review");
  const parsed = ListResponsesQuery.safeParse(query);
  if (!parsed.success) throw new AppError("validation_error", "Bad query parameters", parsed.error.issues);
  const { status, cursor, limit } = parsed.data;
  const project = await getProject(actor, projectIdOrSlug);
  const rows = await prisma.response.findMany({
    where: {
      projectId: project.id,
      ...(status === "all" ? {} : { status }),
      ...(cursor ? { seq: { gt: Number(cursor) } } : {}),
      // Nobody reviews their own work, admins included.
      authorId: { not: actor.id },
    },
    orderBy: { seq: "asc" },
    take: limit + 1,
    select: responseSelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toResponseView),
    nextCursor: rows.length > limit && last ? String(last.seq) : null,
  };
}

export async function getResponseDetail(actor: Actor, responseId: string): Promise<ResponseDetail> {
  assertCan(actor, "review");
  if (!isUuid(responseId)) throw notFound("Response");
  const row = await prisma.response.findUnique({
    where: { id: responseId },
    select: {
      ...responseSelect,
      prompt: { select: { externalId: true, messages: true } },
      reviews: {
        orderBy: { createdAt: "asc" },
        select: { id: true, decision: true, comment: true, createdAt: true, reviewer: { select: { name: true } } },
      },
    },
  });
  // Reviewers never see their own work in review; admins see everything.
  if (!row || (row.author.id === actor.id && actor.role !== "admin")) throw notFound("Response");
  return {
    ...toResponseView(row),
    conversation: { messages: row.prompt.messages as PromptMessage[] },
    reviews: row.reviews,
  };
}

const DECIDED = { accept: "accepted", reject: "rejected" } as const;

export async function reviewResponse(actor: Actor, responseId: string, input: unknown) {
  assertCan(actor, "review");
  const parsed = ReviewInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_error", "The review is not valid", parsed.error.issues);
  if (!isUuid(responseId)) throw notFound("Response");
  const { decision, comment } = parsed.data;
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ author_id: string; status: string }>>`
      SELECT author_id, status FROM responses WHERE id = ${responseId}::uuid FOR UPDATE`;
    if (!row) throw notFound("Response");
    if (row.author_id === actor.id) throw forbidden("You cannot review your own response");
    if (row.status !== "submitted") {
      throw new AppError("conflict", `This response was already reviewed (${row.status})`);
    }
    const review = await tx.review.create({
      data: { responseId, reviewerId: actor.id, decision, comment: comment || null },
      select: { id: true, decision: true, comment: true, createdAt: true },
    });
    const response = await tx.response.update({
      where: { id: responseId },
      data: { status: DECIDED[decision] },
      select: responseSelect,
    });
    return { review, response: toResponseView(response) };
  });
}
