import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authOptions } from "@/lib/auth/options";
import type { Actor, Capability } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { hashTokenSecret } from "@/lib/tokens/token-secret";

const actorSelect = { id: true, email: true, name: true, role: true, active: true, sessionVersion: true } as const;
// Writing last-used on every request would turn reads into writes; a minute's precision is enough.
const LAST_USED_PRECISION_MS = 60_000;

async function actorFromToken(secret: string): Promise<Actor> {
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hashTokenSecret(secret) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      projectId: true,
      scope: true,
      user: { select: actorSelect },
    },
  });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now) || !token.user.active) {
    throw new AppError("unauthorized", "The API token is invalid, expired or revoked");
  }
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  const { id, email, name, role } = token.user;
  const scoped = token.projectId && token.scope === "export" ? { projectId: token.projectId, scope: "export" as const } : undefined;
  if (token.projectId && !scoped) throw new AppError("unauthorized", "The API token has an unknown scope");
  return { id, email, name, role, via: "token", ...(scoped ? { scope: scoped } : {}) };
}

/** The signed-in user of the browser session, re-checked against the database. */
export async function sessionActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await prisma.user.findUnique({ where: { id: uid }, select: actorSelect });
  // A session from before a deactivation, role or password change has an older version.
  if (!user || !user.active || user.sessionVersion !== session.user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, via: "session" };
}

/** API authentication: a bearer token if the request has one, otherwise the browser session. */
export async function actorFromRequest(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError("unauthorized", "Use `Authorization: Bearer <token>`");
    return actorFromToken(match[1]);
  }
  // No session cookie means no session: answer without asking next-auth to decode anything.
  const actor = SESSION_COOKIE.test(request.headers.get("cookie") ?? "") ? await sessionActor() : null;
  if (!actor) throw new AppError("unauthorized", "Sign in or send an API token");
  return actor;
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

/** For pages: the signed-in user, or a redirect to the login screen (or home if not allowed). */
export async function requireActor(capability?: Capability): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect("/login");
  if (capability && !can(actor, capability)) redirect("/");
  return actor;
}
