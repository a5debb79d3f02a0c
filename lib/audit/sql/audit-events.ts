import "server-only";
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
