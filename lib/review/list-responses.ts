import "server-only";
import { PSEUDONYM_PREFIX } from "@/lib/users/pseudonym-format";
import { pseudonym } from "@/lib/users/pseudonym";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import type { ListResponsesFilter } from "@/lib/review/schemas";
import { asUndecided, personShower } from "@/lib/review/review-visibility";
import { responseSelect, toResponseView, type ResponseListItem } from "@/lib/review/response-view";
import { queueHitRows, type QueueHitRow } from "@/lib/review/sql/queue";

/** The responses of the review list that match the query, in queue order: ids and what the list needs of the review. */
async function queueHits(actor: Actor, projectIdOrSlug: string, q: ListResponsesFilter) {
  assertCan(actor, "review");
  const project = await getProject(actor, projectIdOrSlug, "review");
  const admin = actor.role === "admin";

  const status = q.status ?? (q.secondOpinion ? "all" : "submitted");
  let authorIds: string[] | undefined;
  if (q.labeler?.startsWith(PSEUDONYM_PREFIX)) {
    authorIds = await usersWithPseudonym(q.labeler);
  } else if (q.labeler) {
    if (project.blindReview && !admin) {
      throw new AppError("validation_error", "This project reviews blind: filter by the author's pseudonym", [
        { path: ["labeler"], message: `Use the pseudonym (${PSEUDONYM_PREFIX}…)` },
      ]);
    }
    authorIds = [q.labeler];
  }
  const hits = await queueHitRows({
    projectId: project.id,
    actorId: actor.id,
    admin,
    status,
    pendingForMe: q.secondOpinion === "pending",
    authorIds,
    prompt: q.prompt,
    guidelinesVersion: q.guidelinesVersion,
    since: q.since,
    until: q.until,
    minScore: q.minScore,
    maxScore: q.maxScore,
    q: q.q,
    afterSeq: q.cursor ? Number(q.cursor) : undefined,
    limit: q.limit + 1,
  });

  return { project, admin, q, hits };
}

/**
 * The users a pseudonym stands for (one, barring a 32-bit collision). The pseudonym is keyed with a
 * server secret the database does not hold, so it is computed here over the user ids, a short list
 * (people, not responses), rather than in SQL per response.
 */
async function usersWithPseudonym(name: string): Promise<string[]> {
  const users = await prisma.user.findMany({ select: { id: true } });
  return users.filter((u) => pseudonym(u.id) === name).map((u) => u.id);
}

/**
 * Where the review screen goes next: the response after `currentId` in the caller's queue (waiting
 * for a decision, or for their second opinion), else the queue's first that is not `currentId`.
 * Reads ids only, two at most: the page and the decision both call it.
 */
export async function nextInQueue(
  actor: Actor,
  projectIdOrSlug: string,
  currentId: string | null,
  secondOpinion: boolean,
): Promise<string | null> {
  // Built here, not from a request: typed as the parsed filter, nothing to parse.
  const query: ListResponsesFilter = secondOpinion
    ? { secondOpinion: "pending", q: undefined, limit: 2 }
    : { status: "submitted", q: undefined, limit: 2 };
  const current = currentId
    ? await prisma.response.findUnique({ where: { id: currentId }, select: { seq: true } })
    : null;
  if (current) {
    const { hits } = await queueHits(actor, projectIdOrSlug, { ...query, cursor: String(current.seq), limit: 1 });
    if (hits[0]) return hits[0].id;
  }
  const { hits } = await queueHits(actor, projectIdOrSlug, query);
  return hits.find((h) => h.id !== currentId)?.id ?? null;
}

/**
 * The review list: oldest first, keyset-paginated on the response's sequence number, never the
 * caller's own work. Each query parameter is allow-listed in `ListResponsesQuery` and mapped to
 * one parameterised SQL condition here (docs/review.md lists them).
 */
export async function listResponses(
  actor: Actor,
  projectIdOrSlug: string,
  query: ListResponsesFilter,
): Promise<{ items: ResponseListItem[]; nextCursor: string | null }> {
  const { project, admin, q, hits } = await queueHits(actor, projectIdOrSlug, query);

  const page = hits.slice(0, q.limit);
  const rows = await prisma.response.findMany({ where: { id: { in: page.map((h) => h.id) } }, select: responseSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const blinded = admin ? [] : page.filter((h) => h.pending_for_me);
  const judgedTurns = await judgedRevisions(blinded);

  const items = page.map((hit): ResponseListItem => {
    const row = byId.get(hit.id)!;
    const view = toResponseView(row, personShower(actor, row.author.id, project.blindReview));
    if (!admin && hit.pending_for_me) {
      const judged = judgedTurns.get(hit.id) ?? { number: view.revision, turns: view.turns };
      return { ...asUndecided(view, judged.number, judged.turns), score: null };
    }
    return { ...view, score: hit.score };
  });
  const last = page.at(-1);
  return { items, nextCursor: hits.length > q.limit && last ? String(last.seq) : null };
}

/** The text each decision judged, for the responses shown undecided to a second-opinion reviewer. */
async function judgedRevisions(hits: QueueHitRow[]): Promise<Map<string, { number: number; turns: string[] }>> {
  const wanted = hits.filter((h) => h.judged_revision !== null);
  if (wanted.length === 0) return new Map();
  const revisions = await prisma.responseRevision.findMany({
    where: { OR: wanted.map((h) => ({ responseId: h.id, number: h.judged_revision! })) },
    select: { responseId: true, number: true, turns: true },
  });
  return new Map(revisions.map((r) => [r.responseId, { number: r.number, turns: r.turns as string[] }]));
}
