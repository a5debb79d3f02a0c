import "server-only";
import { PSEUDONYM_PREFIX } from "@/lib/users/pseudonym-format";
import { pseudonym } from "@/lib/users/pseudonym";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { requireProject } from "@/lib/projects/access";
import type { ListResponsesFilter } from "@/lib/review/schemas";
import { asUndecided, personShower } from "@/lib/review/review-visibility";
import { toResponseView, type ResponseListItem } from "@/lib/review/response-view";
import { queueHitRows, type QueueFilter } from "@/lib/review/sql/queue";
import { reviewListRead } from "@/lib/review/sql/review-list";

/**
 * The caller's review list on the project, as `queueHitsSql` finds it: the project access rule first
 * (lib/projects/access.ts), then the query's conditions. `byUserId`: the author was named by user id, which
 * only admins may do in a project that reviews blind (the caller checks, it needs the project's setting).
 */
async function queueFilter(actor: Actor, projectIdOrSlug: string, q: ListResponsesFilter) {
  assertCan(actor, "review");
  const project = await requireProject(actor, projectIdOrSlug, "review");
  const admin = actor.role === "admin";

  const status = q.status ?? (q.secondOpinion ? "all" : "submitted");
  let authorIds: string[] | undefined;
  let byUserId = false;
  if (q.labeler?.startsWith(PSEUDONYM_PREFIX)) {
    authorIds = await usersWithPseudonym(q.labeler);
  } else if (q.labeler) {
    authorIds = [q.labeler];
    byUserId = true;
  }
  const filter: QueueFilter = {
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
  };
  return { admin, filter, byUserId };
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
  const { filter } = await queueFilter(actor, projectIdOrSlug, query);
  const current = currentId
    ? await prisma.response.findUnique({ where: { id: currentId }, select: { seq: true } })
    : null;
  if (current) {
    const [after] = await queueHitRows({ ...filter, afterSeq: current.seq, limit: 1 });
    if (after) return after.id;
  }
  const hits = await queueHitRows(filter);
  return hits.find((h) => h.id !== currentId)?.id ?? null;
}

/**
 * The review list: oldest first, keyset-paginated on the response's sequence number, never the
 * caller's own work. Each query parameter is allow-listed in `ListResponsesQuery` and mapped to
 * one parameterised SQL condition (lib/review/sql/queue.ts; docs/review.md lists them). After the
 * access check, the page is one statement (lib/review/sql/review-list.ts).
 */
export async function listResponses(
  actor: Actor,
  projectIdOrSlug: string,
  query: ListResponsesFilter,
): Promise<{ items: ResponseListItem[]; nextCursor: string | null }> {
  const { admin, filter, byUserId } = await queueFilter(actor, projectIdOrSlug, query);
  const { blindReview, rows } = await reviewListRead(filter);
  // Decided on the project's setting the same statement read; the page read with the filter is not shown.
  if (byUserId && blindReview && !admin) {
    throw new AppError("validation_error", "This project reviews blind: filter by the author's pseudonym", [
      { path: ["labeler"], message: `Use the pseudonym (${PSEUDONYM_PREFIX}…)` },
    ]);
  }

  const page = rows.slice(0, query.limit);
  const items = page.map((row): ResponseListItem => {
    const { score, judged_revision, pending_for_me, judged_turns, ...selected } = row;
    const view = toResponseView(selected, personShower(actor, selected.author.id, blindReview));
    if (!admin && pending_for_me) {
      // The text the latest decision judged; the current one when that revision is not found.
      const judged =
        judged_revision !== null && judged_turns !== null
          ? { number: judged_revision, turns: judged_turns as string[] }
          : { number: view.revision, turns: view.turns };
      return { ...asUndecided(view, judged.number, judged.turns), score: null };
    }
    return { ...view, score };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? String(last.seq) : null };
}
