import "server-only";
import { cache } from "react";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { GetServerSidePropsContext } from "next";
import { AppError } from "@/lib/errors";
import { sessionSecret } from "@/lib/env";
import { isUuid } from "@/lib/ids";
import type { Actor, Capability } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { hashTokenSecret } from "@/lib/api-tokens/token-secret";
import { actorRow, type ActorRow, type Credentials } from "@/lib/auth/sql/actor";
import { decodeSessionToken } from "@/lib/auth/session-token";

/**
 * The credentials a request carries, their form checked and a session cookie opened, not yet looked up:
 * a bearer token's hash, else the browser session's user and version. `null`: neither (no header, no
 * session cookie, a cookie that does not open). A malformed Authorization header is 401.
 */
async function requestCredentials(request: Request): Promise<Credentials | null> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError("unauthorized", "Use `Authorization: Bearer <token>`");
    return { via: "token", tokenHash: hashTokenSecret(match[1]) };
  }
  // No session cookie means no session: answer without asking next-auth to decode anything.
  return SESSION_COOKIE.test(request.headers.get("cookie") ?? "") ? sessionCredentials(requestCookies(request)) : null;
}

/** API authentication: a bearer token if the request has one, otherwise the browser session. */
export async function actorFromRequest(request: Request): Promise<Actor> {
  const credentials = await requestCredentials(request);
  if (!credentials) throw new AppError("unauthorized", "Sign in or send an API token");
  return actorOf(credentials, await actorRow(credentials));
}

/**
 * The actor of credentials from the row their lookup found (lib/auth/sql/actor.ts, where the rule of which
 * credentials still hold lives), or 401. A project-scoped token carries its scope (lib/api/handler.ts).
 */
function actorOf(credentials: Credentials, row: ActorRow | undefined): Actor {
  if (!row) {
    throw new AppError(
      "unauthorized",
      credentials.via === "token" ? "The API token is invalid, expired or revoked" : "Sign in or send an API token",
    );
  }
  const { id, email, name, role } = row;
  const scoped =
    row.project_id && row.scope === "export" ? { projectId: row.project_id, scope: "export" as const } : undefined;
  if (row.project_id && !scoped) throw new AppError("unauthorized", "The API token has an unknown scope");
  return { id, email, name, role, via: credentials.via, ...(scoped ? { scope: scoped } : {}) };
}

/**
 * For pages: the signed-in user of the browser session, re-checked against the database; null when there is
 * none or it no longer holds. Once per request (React's cache lasts one server request): the layout, the page
 * and whatever else renders share one opening of the cookie and one lookup.
 */
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const credentials = await sessionCredentials(await cookies());
  if (!credentials) return null;
  const row = await actorRow(credentials);
  return row ? actorOf(credentials, row) : null;
});

/**
 * The session cookie opened as next-auth's own middleware opens it (`getToken`: the cookie, or its chunks, under
 * the name next-auth gives it; the JWT decrypted with NEXTAUTH_SECRET; its expiry checked). Not
 * `getServerSession`: per call it runs next-auth's whole session route (its CSRF cookie, the callbacks, a newly
 * sealed cookie that neither a page nor an API answer sends back), which made it most of the cost of a
 * cookie-authenticated autosave (docs/performance.md, "Request cost"). Whether the session still holds (the
 * user active, its version current) is the lookup's rule (lib/auth/sql/actor.ts). next-auth's decode, remembered
 * per cookie value (lib/auth/session-token.ts).
 */
async function sessionCredentials(cookieJar: CookieJar): Promise<Extract<Credentials, { via: "session" }> | null> {
  const token = await getToken({
    req: { cookies: cookieJar, headers: {} } as NodeRequest,
    secret: sessionSecret(),
    decode: decodeSessionToken,
  });
  const userId = token?.uid;
  if (!userId || !isUuid(userId) || typeof token.sv !== "number") return null;
  return { via: "session", userId, sessionVersion: token.sv };
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

type NodeRequest = GetServerSidePropsContext["req"];
/** What getToken reads cookies from: a plain object (an API request's, parsed below) or Next's cookie store. */
type CookieJar = Record<string, string> | Awaited<ReturnType<typeof cookies>>;

/** An API request's cookies by name, the first of a repeated name winning, as next-auth parses them. */
function requestCookies(request: Request): Record<string, string> {
  const jar: Record<string, string> = Object.create(null);
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (!Object.hasOwn(jar, name)) jar[name] = safeDecode(part.slice(at + 1).trim());
  }
  return jar;
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
