import "server-only";
import { PSEUDONYM_PREFIX } from "@/lib/users/pseudonym-format";
import { pseudonym } from "@/lib/users/pseudonym";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import { ListResponsesQuery } from "@/lib/review/schemas";
import { asUndecided, personShower } from "@/lib/review/review-visibility";
import { responseSelect, toResponseView, type ResponseListItem } from "@/lib/review/response-view";

type Hit = { id: string; seq: number; score: number | null; judged_revision: number | null; pending_for_me: boolean };

/** The responses of the review list that match the query, in queue order: ids and what the list needs of the review. */
async function queueHits(actor: Actor, projectIdOrSlug: string, query: unknown) {
  assertCan(actor, "review");
  const parsed = ListResponsesQuery.safeParse(query);
  if (!parsed.success) throw new AppError("validation_error", "Bad query parameters", parsed.error.issues);
  const q = parsed.data;
  const project = await getProject(actor, projectIdOrSlug);
  const admin = actor.role === "admin";

  // Chosen for a second opinion that nobody gave yet, and the caller may give it (see reviewState).
  const pendingForMe = Prisma.sql`(r.second_opinion AND r.status IN ('accepted', 'rejected') AND NOT EXISTS (
      SELECT 1 FROM reviews v WHERE v.response_id = r.id AND (v.second_opinion OR v.reviewer_id = ${actor.id}::uuid)))`;
  // What a second-opinion reviewer must not learn (the status, the scores) cannot be a filter for them either.
  const notHiddenFromMe = admin ? Prisma.sql`TRUE` : Prisma.sql`NOT ${pendingForMe}`;

  const where: Prisma.Sql[] = [
    Prisma.sql`r.project_id = ${project.id}::uuid`,
    // Nobody reviews their own work, admins included.
    Prisma.sql`r.author_id <> ${actor.id}::uuid`,
  ];
  const status = q.status ?? (q.secondOpinion ? "all" : "submitted");
  if (status !== "all") where.push(Prisma.sql`r.status::text = ${status}`, notHiddenFromMe);
  if (q.secondOpinion === "pending") where.push(pendingForMe);
  if (q.labeler?.startsWith(PSEUDONYM_PREFIX)) {
    const authors = await usersWithPseudonym(q.labeler);
    where.push(
      authors.length > 0
        ? Prisma.sql`r.author_id IN (${Prisma.join(authors.map((id) => Prisma.sql`${id}::uuid`))})`
        : Prisma.sql`FALSE`,
    );
  } else if (q.labeler) {
    if (project.blindReview && !admin) {
      throw new AppError("validation_error", "This project reviews blind: filter by the author's pseudonym", [
        { path: ["labeler"], message: `Use the pseudonym (${PSEUDONYM_PREFIX}…)` },
      ]);
    }
    where.push(Prisma.sql`r.author_id = ${q.labeler}::uuid`);
  }
  if (q.prompt) where.push(Prisma.sql`r.prompt_id = ${q.prompt}::uuid`);
  if (q.guidelinesVersion !== undefined) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM guidelines_versions g WHERE g.id = r.guidelines_version_id AND g.version = ${q.guidelinesVersion})`,
    );
  }
  if (q.since) where.push(Prisma.sql`r.submitted_at >= ${q.since}`);
  if (q.until) where.push(Prisma.sql`r.submitted_at < ${q.until}`);
  if (q.minScore !== undefined) where.push(Prisma.sql`latest.mean_score >= ${q.minScore}`, notHiddenFromMe);
  if (q.maxScore !== undefined) where.push(Prisma.sql`latest.mean_score <= ${q.maxScore}`, notHiddenFromMe);
  if (q.cursor) where.push(Prisma.sql`r.seq > ${Number(q.cursor)}`);

  // `latest`: the latest review that is not a second opinion, i.e. the decision (or the last request for a revision).
  const hits = await prisma.$queryRaw<Hit[]>`
    SELECT r.id, r.seq, latest.mean_score::float8 AS score, latest.revision AS judged_revision,
           ${pendingForMe} AS pending_for_me
      FROM responses r
      LEFT JOIN LATERAL (
        SELECT v.revision,
               (SELECT avg(s.value::numeric)
                  FROM jsonb_each_text(CASE WHEN jsonb_typeof(v.scores) = 'object' THEN v.scores END) s) AS mean_score
          FROM reviews v
         WHERE v.response_id = r.id AND NOT v.second_opinion
         ORDER BY v.created_at DESC
         LIMIT 1
      ) latest ON TRUE
     WHERE ${Prisma.join(where, " AND ")}
     ORDER BY r.seq
     LIMIT ${q.limit + 1}`;

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
  const query = secondOpinion ? { secondOpinion: "pending" } : { status: "submitted" };
  const current = currentId
    ? await prisma.response.findUnique({ where: { id: currentId }, select: { seq: true } })
    : null;
  if (current) {
    const { hits } = await queueHits(actor, projectIdOrSlug, { ...query, cursor: String(current.seq), limit: 1 });
    if (hits[0]) return hits[0].id;
  }
  const { hits } = await queueHits(actor, projectIdOrSlug, { ...query, limit: 2 });
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
  query: unknown,
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
async function judgedRevisions(hits: Hit[]): Promise<Map<string, { number: number; turns: string[] }>> {
  const wanted = hits.filter((h) => h.judged_revision !== null);
  if (wanted.length === 0) return new Map();
  const revisions = await prisma.responseRevision.findMany({
    where: { OR: wanted.map((h) => ({ responseId: h.id, number: h.judged_revision! })) },
    select: { responseId: true, number: true, turns: true },
  });
  return new Map(revisions.map((r) => [r.responseId, { number: r.number, turns: r.turns as string[] }]));
}
