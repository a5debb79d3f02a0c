import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import type { PromptStatusFilter } from "@/lib/search/schemas";
import { matchesWords, startsWithPattern } from "@/lib/search/sql/text-match";
import { pendingSecondOpinionSql } from "@/lib/review/sql/second-opinion";

/** The prompts list's conditions, checked and resolved by lib/search/search-prompts.ts. */
export type PromptSearchFilter = {
  projectId: string;
  /** The caller: a response waiting for their second opinion counts as submitted to them. */
  actorId: string;
  admin: boolean;
  q?: string;
  /** `q` is an id: the prompt with that id matches too. */
  qIsId: boolean;
  status?: PromptStatusFilter;
  since?: Date;
  until?: Date;
  /** Prompts after this one in import order (`seq`). */
  afterSeq?: number;
  limit: number;
};

/** A prompt of the list, with what the list shows of it. */
export type PromptHitRow = {
  id: string;
  seq: number;
  external_id: string | null;
  /** The start of the first user message. */
  preview: string | null;
  message_count: number;
  slot_count: number;
  created_at: Date;
  responses: number;
  submitted: number;
  needs_revision: number;
  accepted: number;
  rejected: number;
};

/** How many characters of the first user message the list carries. */
export const PREVIEW_CHARS = 300;

/**
 * A response's status as the caller may know it. A reviewer who is to give a response its second
 * opinion sees it submitted until they have (the rule of reviewState, lib/review/review-visibility.ts).
 */
function statusSeen(filter: PromptSearchFilter): Prisma.Sql {
  if (filter.admin) return Prisma.sql`r.status::text`;
  return Prisma.sql`CASE WHEN ${pendingSecondOpinionSql(filter.actorId)} THEN 'submitted' ELSE r.status::text END`;
}

/**
 * The prompts that match, in import order. A search is the union of its ways to match (the words,
 * the external id and its start, the id), each its own ordered, limited query: each then uses the
 * index that suits it (GIN for rare words, the import-order index for common ones, the prefix index for
 * ids), where one query with OR would have to collect every match before it could sort.
 */
export function promptHitRows(filter: PromptSearchFilter): Promise<PromptHitRow[]> {
  const base: Prisma.Sql[] = [Prisma.sql`p.project_id = ${filter.projectId}::uuid`];
  if (filter.status === "unanswered") {
    base.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM responses r WHERE r.prompt_id = p.id)`);
  } else if (filter.status) {
    // Admins compare the enum itself, which the planner can estimate.
    const matches = filter.admin
      ? Prisma.sql`r.status = ${filter.status}::"ResponseStatus"`
      : Prisma.sql`${statusSeen(filter)} = ${filter.status}`;
    base.push(Prisma.sql`EXISTS (SELECT 1 FROM responses r WHERE r.prompt_id = p.id AND ${matches})`);
  }
  // Import order and import time rise together, but concurrent imports can interleave them, so the
  // dates bound `seq` exactly: from the first `seq` imported in the range to the last. The bounds are
  // read once from the (project, created_at, seq) index (`seq + 0`: a plain min(seq) would be planned
  // as a walk in `seq` order, the very walk this avoids), over the range alone when it has both ends;
  // the walk in `seq` order then starts and stops where the dates do.
  if (filter.since || filter.until) {
    const inRange = Prisma.join(
      [
        Prisma.sql`b.project_id = ${filter.projectId}::uuid`,
        ...(filter.since ? [Prisma.sql`b.created_at >= ${filter.since}`] : []),
        ...(filter.until ? [Prisma.sql`b.created_at < ${filter.until}`] : []),
      ],
      " AND ",
    );
    if (filter.since) {
      base.push(
        Prisma.sql`p.created_at >= ${filter.since}`,
        Prisma.sql`p.seq >= (SELECT coalesce(min(b.seq + 0), 2147483647) FROM prompts b WHERE ${inRange})`,
      );
    }
    if (filter.until) {
      base.push(
        Prisma.sql`p.created_at < ${filter.until}`,
        Prisma.sql`p.seq <= (SELECT coalesce(max(b.seq + 0), 0) FROM prompts b WHERE ${inRange})`,
      );
    }
  }
  if (filter.afterSeq !== undefined) base.push(Prisma.sql`p.seq > ${filter.afterSeq}`);

  const branch = (match: Prisma.Sql) =>
    Prisma.sql`(SELECT p.id, p.seq FROM prompts p WHERE ${Prisma.join([...base, match], " AND ")}
      ORDER BY p.seq LIMIT ${filter.limit})`;
  const q = filter.q;
  const hits = q
    ? Prisma.join(
        [
          branch(matchesWords(Prisma.sql`p.search`, q)),
          branch(Prisma.sql`p.external_id LIKE ${startsWithPattern(q)}`),
          ...(filter.qIsId ? [branch(Prisma.sql`p.id = ${q}::uuid`)] : []),
        ],
        " UNION ",
      )
    : branch(Prisma.sql`TRUE`);

  return prisma.$queryRaw<PromptHitRow[]>`
    SELECT p.id, p.seq, p.external_id,
           left((SELECT m->>'content' FROM jsonb_array_elements(p.messages) m WHERE m->>'role' = 'user' LIMIT 1),
                ${PREVIEW_CHARS}) AS preview,
           jsonb_array_length(p.messages) AS message_count, p.slot_count, p.created_at,
           coalesce(c.responses, 0)::int AS responses, coalesce(c.submitted, 0)::int AS submitted,
           coalesce(c.needs_revision, 0)::int AS needs_revision, coalesce(c.accepted, 0)::int AS accepted,
           coalesce(c.rejected, 0)::int AS rejected
      FROM (SELECT id, seq FROM (${hits}) h ORDER BY seq LIMIT ${filter.limit}) h
      JOIN prompts p ON p.id = h.id
      LEFT JOIN LATERAL (
        SELECT count(*) AS responses,
               count(*) FILTER (WHERE s.status = 'submitted') AS submitted,
               count(*) FILTER (WHERE s.status = 'needs_revision') AS needs_revision,
               count(*) FILTER (WHERE s.status = 'accepted') AS accepted,
               count(*) FILTER (WHERE s.status = 'rejected') AS rejected
          FROM (SELECT ${statusSeen(filter)} AS status FROM responses r WHERE r.prompt_id = p.id) s
      ) c ON TRUE
     ORDER BY p.seq`;
}
