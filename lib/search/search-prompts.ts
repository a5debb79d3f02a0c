import "server-only";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { readFromReplica } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { requireProject } from "@/lib/projects/access";
import type { SearchPromptsRequest } from "@/lib/search/schemas";
import { promptHitRows } from "@/lib/search/sql/prompts";

/** A prompt as the prompts list shows it. */
export type PromptListItem = {
  id: string;
  externalId: string | null;
  /** The start of the first user message (at most 300 characters): text, never markup. */
  preview: string | null;
  messageCount: number;
  /** Assistant turns a labeler writes. */
  turns: number;
  createdAt: Date;
  responseCount: number;
  /** Responses per status, as the caller may know them (a pending second opinion of theirs counts as submitted). */
  statusCounts: { submitted: number; needs_revision: number; accepted: number; rejected: number };
};

/**
 * A project's prompts, for those who review it and admins: found by words, external id (exact or its
 * start) or id, filtered, in import order, keyset-paginated on the import sequence (a prompt imported
 * meanwhile joins the end, and no page shifts).
 */
export async function searchPrompts(
  actor: Actor,
  projectIdOrSlug: string,
  query: SearchPromptsRequest,
): Promise<{ items: PromptListItem[]; nextCursor: string | null }> {
  assertCan(actor, "review");
  const project = await requireProject(actor, projectIdOrSlug, "review");
  // The list reads the replica (docs/scaling.md "A read replica"); access was decided on the primary.
  const rows = await readFromReplica(() =>
    promptHitRows({
      projectId: project.id,
      actorId: actor.id,
      admin: actor.role === "admin",
      q: query.q,
      qIsId: query.q !== undefined && isUuid(query.q),
      status: query.status,
      since: query.since,
      until: query.until,
      afterSeq: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit + 1,
    }),
  );
  const page = rows.slice(0, query.limit);
  const items = page.map(
    (r): PromptListItem => ({
      id: r.id,
      externalId: r.external_id,
      preview: r.preview,
      messageCount: r.message_count,
      turns: r.slot_count,
      createdAt: r.created_at,
      responseCount: r.responses,
      statusCounts: {
        submitted: r.submitted,
        needs_revision: r.needs_revision,
        accepted: r.accepted,
        rejected: r.rejected,
      },
    }),
  );
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? String(last.seq) : null };
}
