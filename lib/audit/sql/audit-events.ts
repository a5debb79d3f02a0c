import "server-only";
import { pool } from "@/lib/db";
import type { AuditEventInput } from "@/lib/audit/record-event";

/**
 * One audit event written on a raw `pg` client, inside the transaction the caller holds on it (the
 * prompt import runs on one, for COPY); elsewhere `recordEvent` (lib/audit/record-event.ts) writes it
 * through Prisma.
 */
export async function recordEventOn(
  client: { query: (text: string, values: unknown[]) => Promise<unknown> },
  event: AuditEventInput,
): Promise<void> {
  await client.query(
    `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, project_id, before, after)
     VALUES ($1::uuid, $2, $3, $4, $5::uuid, $6::jsonb, $7::jsonb)`,
    [
      event.actorId,
      event.action,
      event.entityType,
      event.entityId ?? null,
      event.projectId ?? null,
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
    ],
  );
}

// A day: longer than any transaction that records an event runs (the longest, a prompt import, takes minutes).
const SEQ_BOUND_MARGIN = "1 day";

/**
 * A `seq` above every event created before `until`, or null when none is known: the seq of the first event
 * created a day or more after it. An event's `created_at` is its transaction's start and its `seq` is drawn
 * (one at a time: the sequence caches none) when it is inserted, so an event whose transaction started a day
 * after `until` drew its seq after every event created before `until` had drawn its own, unless one of those
 * transactions ran for a day. The log walks newest first by `seq`; with this bound an old `until` starts the
 * walk near its date instead of at the newest event (an index scan on `created_at` for one row).
 */
export async function seqAboveEventsBefore(until: Date): Promise<number | null> {
  const { rows } = await pool().query<{ seq: number }>({
    name: "audit-seq-above-before",
    text: `SELECT seq FROM audit_events WHERE created_at >= $1::timestamptz + interval '${SEQ_BOUND_MARGIN}'
            ORDER BY created_at LIMIT 1`,
    values: [until],
  });
  return rows[0]?.seq ?? null;
}
