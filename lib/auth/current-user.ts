import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import type { GetServerSidePropsContext } from "next";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authOptions } from "@/lib/auth/options";
import type { Actor, Capability } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { hashTokenSecret } from "@/lib/api-tokens/token-secret";
import { tokenActorRow, touchTokenLastUsed } from "@/lib/auth/sql/api-tokens";

const actorSelect = { id: true, email: true, name: true, role: true, active: true, sessionVersion: true } as const;
// Writing last-used on every request would turn reads into writes; a minute's precision is enough.
const LAST_USED_PRECISION_MS = 60_000;

async function actorFromToken(secret: string): Promise<Actor> {
  const token = await tokenActorRow(hashTokenSecret(secret));
  const now = new Date();
  if (!token || token.revoked_at || (token.expires_at && token.expires_at <= now) || !token.active) {
    throw new AppError("unauthorized", "The API token is invalid, expired or revoked");
  }
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await touchTokenLastUsed(token.id, now);
  }
  const { user_id: id, email, name, role } = token;
  const scoped =
    token.project_id && token.scope === "export"
      ? { projectId: token.project_id, scope: "export" as const }
      : undefined;
  if (token.project_id && !scoped) throw new AppError("unauthorized", "The API token has an unknown scope");
  return { id, email, name, role, via: "token", ...(scoped ? { scope: scoped } : {}) };
}

/**
 * The signed-in user of the browser session, re-checked against the database. With a `request` (the API), the
 * session is read from that request's own cookies rather than from Next's ambient request scope.
 */
export async function sessionActor(request?: Request): Promise<Actor | null> {
  const session = request
    ? await getServerSession(...(sessionRequestArgs(request) as [NodeRequest, NodeResponse]), authOptions)
    : await getServerSession(authOptions);
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await prisma.user.findUnique({ where: { id: uid }, select: actorSelect });
  // A session from before a deactivation, role or password change has an older version.
  if (!user?.active || user.sessionVersion !== session.user.sessionVersion) return null;
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
  const actor = SESSION_COOKIE.test(request.headers.get("cookie") ?? "") ? await sessionActor(request) : null;
  if (!actor) throw new AppError("unauthorized", "Sign in or send an API token");
  return actor;
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

type NodeRequest = GetServerSidePropsContext["req"];
type NodeResponse = GetServerSidePropsContext["res"];

/**
 * What next-auth's getServerSession(req, res, options) reads of a request (its headers and cookies) and writes
 * to a response (a refreshed cookie, which an API answer does not carry, as with getServerSession(options)).
 */
function sessionRequestArgs(request: Request): [unknown, unknown] {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (!Object.hasOwn(cookies, name)) cookies[name] = safeDecode(part.slice(at + 1).trim());
  }
  const response = { getHeader: () => undefined, setHeader: () => response, setCookie: () => {} };
  return [{ headers: Object.fromEntries(request.headers), cookies }, response];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * For pages: the signed-in user, or a redirect to the login screen; a role without the capability
 * gets the 403 page (app/(app)/forbidden.tsx), so a labeler opening an admin link learns why.
 */
export async function requireActor(capability?: Capability): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect("/login");
  if (capability && !can(actor, capability)) forbidden();
  return actor;
}
