import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { can, type Actor } from "@/lib/auth/permissions";
import { hashTokenSecret, newTokenSecret } from "@/lib/tokens/token-secret";

export type TokenSummary = {
  id: string;
  name: string;
  prefix: string;
  owner: { id: string; email: string; name: string };
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
  user: { select: { id: true, email: true, name: true } },
} as const;

/** Creates a personal token acting with its owner's role. Returns the secret, shown once. */
export async function createApiToken(userId: string, name: string, expiresAt?: Date | null) {
  const secret = newTokenSecret();
  const token = await prisma.apiToken.create({
    data: { userId, name, tokenHash: hashTokenSecret(secret), prefix: secret.slice(0, 10), expiresAt },
    select: summarySelect,
  });
  const { user, ...rest } = token;
  return { secret, token: { ...rest, owner: user } satisfies TokenSummary };
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
  if (count === 0) {
    const exists = await prisma.apiToken.findFirst({ where, select: { id: true } });
    if (!exists) throw notFound("Token");
  }
}
