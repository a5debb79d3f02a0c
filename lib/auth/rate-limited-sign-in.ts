import "server-only";
import { NextRequest } from "next/server";
import { readTextBody } from "@/lib/api/body";
import { errorResponse } from "@/lib/api/handler";
import { rateLimited } from "@/lib/errors";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/auth/client-address";
import { beginLoginAttempt, settleLoginAttempt, waitText } from "@/lib/auth/login-rate-limit";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string[]>> }) => Promise<Response>;

// A sign-in form is a few hundred bytes; nothing larger needs reading.
const MAX_SIGN_IN_BYTES = 64 * 1024;
const SESSION_COOKIE = /^(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=[^;]/;

/**
 * Wraps next-auth's route handler: a POST to the credentials callback (the only place a password
 * is checked) first takes a place in the sign-in limits (lib/auth/login-rate-limit.ts) and gets
 * 429 with Retry-After past them; the outcome is read from the answer (a session cookie means
 * signed in). Every other next-auth request passes through untouched.
 */
export function withLoginRateLimit(handler: RouteHandler): RouteHandler {
  return async (request, context) => {
    if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/callback/credentials")) {
      return handler(request, context);
    }
    try {
      const text = await readTextBody(request, MAX_SIGN_IN_BYTES);
      const address = clientAddress(request.headers, env().TRUST_PROXY);
      const attempt = await beginLoginAttempt({ email: typedEmail(text, request.headers.get("content-type")), address });
      if (!attempt.allowed) {
        throw rateLimited(`Too many failed sign-ins. Try again in ${waitText(attempt.retryAfterSeconds)}.`, attempt.retryAfterSeconds);
      }
      // The body was read here; next-auth gets the same request with the text again.
      const response = await handler(new NextRequest(request.url, { method: "POST", headers: request.headers, body: text }), context);
      await settleLoginAttempt(attempt, response.headers.getSetCookie().some((c) => SESSION_COOKIE.test(c)));
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The email as next-auth will read it: a form post (the login page) or JSON. */
function typedEmail(text: string, contentType: string | null): string {
  if (contentType?.includes("application/json")) {
    try {
      const email = (JSON.parse(text) as { email?: unknown } | null)?.email;
      return typeof email === "string" ? email : "";
    } catch {
      return "";
    }
  }
  return new URLSearchParams(text).get("email") ?? "";
}
