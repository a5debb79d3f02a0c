import { encode } from "next-auth/jwt";
import { prisma } from "@/lib/db";
import { callApi } from "@/lib/testing/api-client";

/** The origin the in-process API client (lib/testing/api-client.ts) sends its requests to. */
export const TEST_ORIGIN = "http://exemplar.test";

/**
 * A browser's session cookie for a user, as next-auth issues it at sign-in: a JWT sealed with NEXTAUTH_SECRET
 * carrying the claims lib/auth/options.ts puts in (`uid`, `sv`, `role`) and the user's current session version.
 */
export async function sessionCookie(userId: string): Promise<string> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  });
  const jwt = await encode({
    token: { sub: user.id, name: user.name, email: user.email, uid: user.id, sv: user.sessionVersion, role: user.role },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  return `next-auth.session-token=${jwt}`;
}

/** Headers of a same-origin browser request with that session: the cookie and the page's Origin. */
export async function browserHeaders(userId: string, origin = TEST_ORIGIN): Promise<Record<string, string>> {
  return { cookie: await sessionCookie(userId), origin };
}

/**
 * A client for one user's browser, for what only a signed-in person may do (create API tokens): their session
 * cookie, sent from the app's own origin as the UI sends it.
 */
export async function browserAs(userId: string) {
  const headers = await browserHeaders(userId);
  return {
    get: (url: string) => callApi("GET", url, { headers }),
    post: (url: string, json?: unknown) => callApi("POST", url, { json, headers }),
    put: (url: string, json?: unknown) => callApi("PUT", url, { json, headers }),
    patch: (url: string, json?: unknown) => callApi("PATCH", url, { json, headers }),
    delete: (url: string) => callApi("DELETE", url, { headers }),
  };
}
