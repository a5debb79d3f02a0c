import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { env, sessionSecret } from "@/lib/env";
import { sameOriginRedirect } from "@/lib/auth/callback-url";
import { clientAddress } from "@/lib/auth/client-address";
import { recordFailedSignIn, takeFailedSignIns } from "@/lib/auth/sql/failed-sign-ins";
import { beginLoginAttempt, settleLoginAttempt } from "@/lib/auth/login-rate-limit";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { signInOutcome } from "@/lib/auth/sign-in-scope";

const Credentials = z.object({ email: z.string().trim().toLowerCase().min(1), password: z.string().min(1) });

/** What next-auth passes `authorize` besides the credentials: the request's headers, as a plain object. */
type SignInRequest = { headers?: Record<string, unknown> };

/**
 * Email and password, checked under the sign-in limits (lib/auth/login-rate-limit.ts). The limits
 * are taken here, on the credentials next-auth itself parsed, so any request next-auth treats as a
 * credentials sign-in (whatever its URL) is limited, on the same email the password is checked for.
 * Returns the user, or null for a wrong password or an unknown email (the same work and the same answer).
 */
async function checkPassword(raw: unknown, request: SignInRequest | undefined) {
  const parsed = Credentials.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const headers = new Headers(
    Object.entries(request?.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const attempt = await beginLoginAttempt({ email, address: clientAddress(headers, env().TRUST_PROXY) });
  if (!attempt.allowed) {
    signInOutcome().retryAfterSeconds = attempt.retryAfterSeconds;
    throw new Error("RateLimited"); // answered as 429 (see authorize)
  }
  const user = await prisma.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || !user.active) {
    await settleLoginAttempt(attempt, false);
    if (user && !ok) await recordFailedSignIn(user.id);
    return null;
  }
  await settleLoginAttempt(attempt, true);
  if (needsRehash(user.passwordHash)) {
    // Only if the hash is still the one just verified: a password changed meanwhile stays changed.
    await prisma.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  signInOutcome().failedSignIns = await takeFailedSignIns(user.id);
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/**
 * Credentials sign-in with JWT sessions (docs/decisions/002-sessions.md). The JWT carries the
 * user's id and session version only; every request re-reads the user (lib/auth/current-user.ts),
 * so deactivation or a role change takes effect at the next request.
 */
export const authOptions: NextAuthOptions = {
  // Read when next-auth signs or reads a session, never at import (`next build` has no secret).
  // Without a valid NEXTAUTH_SECRET this throws, so nothing is signed: next-auth would otherwise
  // derive a secret from its own options in development.
  get secret() {
    return sessionSecret();
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        try {
          return await checkPassword(raw, request);
        } catch (error) {
          // next-auth answers a throw as a failed sign-in and puts its message in the error page's
          // URL; the route answers from the outcome instead (429, or our 503/500), so next-auth
          // gets a fixed message that tells nothing.
          const outcome = signInOutcome();
          if (outcome.retryAfterSeconds !== undefined) throw new Error("RateLimited");
          outcome.error = error;
          throw new Error("SignInFailed");
        }
      },
    }),
  ],
  callbacks: {
    redirect({ url, baseUrl }) {
      return sameOriginRedirect(url, baseUrl);
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.uid ?? "",
        name: token.name ?? "",
        email: token.email ?? "",
        role: token.role ?? "labeler",
        sessionVersion: token.sv ?? 0,
      };
      return session;
    },
  },
};
