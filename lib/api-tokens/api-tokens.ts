import "server-only";
import { prisma } from "@/lib/db";
import { forbidden, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import { recordEvent } from "@/lib/audit/record-event";
import type { CreateTokenInput, TokenScope } from "@/lib/api-tokens/schemas";
import { newTokenRecord } from "@/lib/api-tokens/token-secret";

const DAY_MS = 86_400_000;

export type TokenSummary = {
  id: string;
  name: string;
  prefix: string;
  owner: { id: string; email: string; name: string };
  /** Set for a project-scoped token. */
  project: { id: string; slug: string; name: string } | null;
  scope: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

const summarySelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  scope: true,
  user: { select: { id: true, email: true, name: true } },
  project: { select: { id: true, slug: true, name: true } },
} as const;

type NewToken = { userId: string; name: string; expiresAt?: Date | null; projectId?: string; scope?: TokenScope };

/** Creates a token (personal, or scoped to a project). Returns the secret, shown once. */
export async function createApiToken({ userId, name, expiresAt, projectId, scope }: NewToken) {
  const { secret, tokenHash, prefix } = newTokenRecord();
  const token = await prisma.apiToken.create({
    data: { userId, name, tokenHash, prefix, expiresAt, projectId, scope },
    select: summarySelect,
  });
  const { user, ...rest } = token;
  await recordEvent({
    actorId: userId,
    action: "token.create",
    entityType: "api_token",
    entityId: token.id,
    projectId,
    after: { name, prefix: token.prefix, scope: scope ?? null },
  });
  return { secret, token: { ...rest, owner: user } satisfies TokenSummary };
}

/**
 * The actor's own token, from the form or the API. Only admins create project-scoped tokens. Only a signed-in
 * person creates tokens: a token that could mint tokens would outlive its own revocation (whoever stole it
 * keeps the children), so revoking a token, a password change or a deactivation would not end the access.
 */
export async function createTokenForActor(actor: Actor, input: CreateTokenInput) {
  if (actor.via === "token") throw forbidden("An API token cannot create tokens; sign in to create one");
  const { name, expiresInDays, project, scope } = input;
  let projectId: string | undefined;
  if (project !== undefined) {
    assertCan(actor, "admin");
    projectId = (await getProject(actor, project)).id;
  }
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * DAY_MS) : null;
  return createApiToken({ userId: actor.id, name, expiresAt, projectId, scope });
}

/** A user's own tokens; an admin sees everyone's. */
export async function listApiTokens(actor: Actor): Promise<TokenSummary[]> {
  const rows = await prisma.apiToken.findMany({
    where: can(actor, "admin") ? {} : { userId: actor.id },
    orderBy: { createdAt: "desc" },
    select: summarySelect,
  });
  return rows.map(({ user, ...rest }) => ({ ...rest, owner: user }));
}

export async function revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
  if (!isUuid(tokenId)) throw notFound("Token");
  const where = can(actor, "admin") ? { id: tokenId } : { id: tokenId, userId: actor.id };
  const { count } = await prisma.apiToken.updateMany({
    where: { ...where, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count > 0)
    await recordEvent({ actorId: actor.id, action: "token.revoke", entityType: "api_token", entityId: tokenId });
  if (count === 0) {
    const exists = await prisma.apiToken.findFirst({ where, select: { id: true } });
    if (!exists) throw notFound("Token");
  }
}
