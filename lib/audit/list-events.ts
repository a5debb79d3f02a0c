import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma, readFromReplica } from "@/lib/db";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import type { AuditFilter } from "@/lib/audit/schemas";
import { seqAboveEventsBefore } from "@/lib/audit/sql/audit-events";

export type AuditEventView = {
  seq: number;
  id: string;
  action: string;
  actor: { id: string; name: string; email: string } | null;
  entityType: string;
  entityId: string | null;
  projectId: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

/** The audit log for admins, newest first; each filter maps to one allow-listed condition. */
export async function listAuditEvents(
  actor: Actor,
  q: AuditFilter,
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  assertCan(actor, "admin");
  const where = (seqBelow: number | null): Prisma.AuditEventWhereInput => ({
    ...(q.action ? { action: q.action } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.projectId ? { projectId: q.projectId } : {}),
    ...(q.since || q.until
      ? { createdAt: { ...(q.since ? { gte: q.since } : {}), ...(q.until ? { lt: q.until } : {}) } }
      : {}),
    ...(seqBelow !== null ? { seq: { lt: seqBelow } } : {}),
  });
  // The log reads the replica (docs/scaling.md "A read replica").
  const rows = await readFromReplica(async () => {
    // An `until` bounds the walk by seq too (lib/audit/sql/audit-events.ts), so an old one is as quick as a recent one.
    const bound = q.until ? await seqAboveEventsBefore(q.until) : null;
    const cursor = q.cursor ? Number(q.cursor) : null;
    const seqBelow = bound !== null && cursor !== null ? Math.min(bound, cursor) : (bound ?? cursor);
    return prisma.auditEvent.findMany({
      where: where(seqBelow),
      orderBy: { seq: "desc" },
      take: q.limit + 1,
      select: {
        seq: true,
        id: true,
        action: true,
        entityType: true,
        entityId: true,
        projectId: true,
        before: true,
        after: true,
        createdAt: true,
        actor: { select: { id: true, name: true, email: true } },
      },
    });
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > q.limit && last ? String(last.seq) : null };
}
