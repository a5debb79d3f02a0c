import "server-only";
import { prisma } from "@/lib/db";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import type { AuditNames } from "@/lib/audit/describe-event";
import type { AuditEventView } from "@/lib/audit/list-events";

/**
 * The names a page of audit events speaks of: people, projects, prompts (by external id) and tokens,
 * read in one query per kind for the whole page. A subject deleted since is simply absent.
 */
export async function auditNames(actor: Actor, events: AuditEventView[]): Promise<AuditNames> {
  assertCan(actor, "admin");
  const ids = (pick: (e: AuditEventView) => unknown) => [
    ...new Set(events.map(pick).filter((id): id is string => typeof id === "string" && isUuid(id))),
  ];
  const of = (type: string) => ids((e) => (e.entityType === type ? e.entityId : null));
  const rankedPrompts = ids((e) =>
    e.action === "review.rank" ? (e.after as { promptId?: unknown } | null)?.promptId : null,
  );
  const [responses, prompts, tokens, projects] = await Promise.all([
    prisma.response.findMany({
      where: { id: { in: of("response") } },
      select: { id: true, promptId: true, authorId: true, prompt: { select: { externalId: true } } },
    }),
    prisma.prompt.findMany({ where: { id: { in: rankedPrompts } }, select: { id: true, externalId: true } }),
    prisma.apiToken.findMany({
      where: { id: { in: of("api_token") } },
      select: { id: true, name: true, userId: true },
    }),
    prisma.project.findMany({
      where: { id: { in: ids((e) => e.projectId ?? (e.entityType === "project" ? e.entityId : null)) } },
      select: { id: true, name: true, slug: true },
    }),
  ]);
  const userIds = [...new Set([...of("user"), ...responses.map((r) => r.authorId), ...tokens.map((t) => t.userId)])];
  const users = await prisma.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true, email: true },
  });
  return {
    users: new Map(users.map((u) => [u.id, { name: u.name, email: u.email }])),
    projects: new Map(projects.map((p) => [p.id, { name: p.name, slug: p.slug }])),
    responses: new Map(
      responses.map((r) => [r.id, { promptId: r.promptId, externalId: r.prompt.externalId, authorId: r.authorId }]),
    ),
    prompts: new Map(prompts.map((p) => [p.id, { externalId: p.externalId }])),
    tokens: new Map(tokens.map((t) => [t.id, { name: t.name, ownerId: t.userId }])),
  };
}

/** Every project by name, for the log's filter (admins see them all). */
export async function auditProjectOptions(actor: Actor) {
  assertCan(actor, "admin");
  return prisma.project.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, slug: true } });
}
