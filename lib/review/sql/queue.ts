import "server-only";
import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { ListResponsesQuery } from "@/lib/review/schemas";
import { matchesWords } from "@/lib/search/sql/text-match";
import { pendingSecondOpinionSql } from "@/lib/review/sql/second-opinion";

type ParsedQuery = z.output<typeof ListResponsesQuery>;

/** The review list's conditions, checked and resolved by lib/review/list-responses.ts. */
export type QueueFilter = Pick<
  ParsedQuery,
  "prompt" | "guidelinesVersion" | "since" | "until" | "minScore" | "maxScore" | "q"
> & {
  projectId: string;
  /** The caller: their own responses are never listed, and `pending_for_me` is about them. */
  actorId: string;
  /** Admins may filter by what a second-opinion reviewer must not learn. */
  admin: boolean;
  status: NonNullable<ParsedQuery["status"]>;
  /** Only responses waiting for the caller's second opinion. */
  pendingForMe: boolean;
  /** The authors to keep (none: no response); undefined for every author. */
  authorIds?: string[];
  /** Responses after this one in queue order (`seq`). */
  afterSeq?: number;
  limit: number;
};

/** A response of the review list: its place in the queue and what the list needs of its latest decision. */
export type QueueHitRow = {
  id: string;
  seq: number;
  /** Mean of the latest decision's rubric scores. */
  score: number | null;
  /** The revision the latest decision judged. */
  judged_revision: number | null;
  /** Chosen for a second opinion that nobody gave yet, and the caller may give it. */
  pending_for_me: boolean;
};

/** The responses that match, in queue order (oldest first). */
export function queueHitRows(filter: QueueFilter): Promise<QueueHitRow[]> {
  return prisma.$queryRaw<QueueHitRow[]>(queueHitsSql(filter));
}

/** The statement of `queueHitRows`, whose rows are `QueueHitRow`s: the review list reads the page around it. */
export function queueHitsSql(filter: QueueFilter): Prisma.Sql {
  // Chosen for a second opinion that nobody gave yet, and the caller may give it (see reviewState).
  const pendingForMe = pendingSecondOpinionSql(filter.actorId);
  // What a second-opinion reviewer must not learn (the status, the scores) cannot be a filter for them either.
  const notHiddenFromMe = filter.admin ? Prisma.sql`TRUE` : Prisma.sql`NOT ${pendingForMe}`;

  const where: Prisma.Sql[] = [
    Prisma.sql`r.project_id = ${filter.projectId}::uuid`,
    // Nobody reviews their own work, admins included.
    Prisma.sql`r.author_id <> ${filter.actorId}::uuid`,
  ];
  // Compared as the enum, not as text: `status::text = …` hides the column from the (project_id, status, seq)
  // index, and the list would read the whole project to find a page of a rare status.
  if (filter.status !== "all") where.push(Prisma.sql`r.status = ${filter.status}::"ResponseStatus"`, notHiddenFromMe);
  if (filter.pendingForMe) where.push(pendingForMe);
  if (filter.authorIds) {
    where.push(
      filter.authorIds.length > 0
        ? Prisma.sql`r.author_id IN (${Prisma.join(filter.authorIds.map((id) => Prisma.sql`${id}::uuid`))})`
        : Prisma.sql`FALSE`,
    );
  }
  if (filter.prompt) where.push(Prisma.sql`r.prompt_id = ${filter.prompt}::uuid`);
  if (filter.guidelinesVersion !== undefined) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM guidelines_versions g WHERE g.id = r.guidelines_version_id AND g.version = ${filter.guidelinesVersion})`,
    );
  }
  if (filter.since) where.push(Prisma.sql`r.submitted_at >= ${filter.since}`);
  if (filter.until) where.push(Prisma.sql`r.submitted_at < ${filter.until}`);
  if (filter.minScore !== undefined) where.push(Prisma.sql`latest.mean_score >= ${filter.minScore}`, notHiddenFromMe);
  if (filter.maxScore !== undefined) where.push(Prisma.sql`latest.mean_score <= ${filter.maxScore}`, notHiddenFromMe);
  if (filter.q) where.push(responseMatch(filter.projectId, filter.q));
  if (filter.afterSeq !== undefined) where.push(Prisma.sql`r.seq > ${filter.afterSeq}`);

  // `latest`: the latest review that is not a second opinion, i.e. the decision (or the last request for a revision).
  return Prisma.sql`
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
     LIMIT ${filter.limit}`;
}

/**
 * `q` on the response `r`: the words of its text, its prompt's external id, or the id of the response or
 * its prompt. The prompts' ids are collected once (`ANY(ARRAY(…))`), so each way can use its own index.
 */
function responseMatch(projectId: string, q: string): Prisma.Sql {
  const ways = [
    matchesWords(Prisma.sql`r.search`, q),
    Prisma.sql`r.prompt_id = ANY(ARRAY(SELECT pq.id FROM prompts pq WHERE pq.project_id = ${projectId}::uuid AND pq.external_id = ${q}))`,
  ];
  if (isUuid(q)) ways.push(Prisma.sql`r.id = ${q}::uuid`, Prisma.sql`r.prompt_id = ${q}::uuid`);
  return Prisma.sql`(${Prisma.join(ways, " OR ")})`;
}
