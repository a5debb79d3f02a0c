import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import type { AUDIT_ACTIONS } from "@/lib/audit/schemas";

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEventInput = {
  actorId: string | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  projectId?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

type Db = Pick<typeof prisma, "auditEvent">;

/**
 * Appends one audit event. Pass the transaction client when the change itself runs in a
 * transaction, so the event is written if and only if the change is.
 */
export async function recordEvent(event: AuditEventInput, db: Db = prisma): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      projectId: event.projectId ?? null,
      before: event.before,
      after: event.after,
    },
  });
}
