import "server-only";
import { NextRequest } from "next/server";
import { readTextBody } from "@/lib/api/body";
import { errorResponse } from "@/lib/api/handler";
import { AppError, rateLimited } from "@/lib/errors";
import { waitText } from "@/lib/auth/login-rate-limit";
import { runSignIn, type SignInOutcome } from "@/lib/auth/sign-in-scope";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string[]>> }) => Promise<Response>;

// A sign-in form is a few hundred bytes; nothing larger needs reading.
const MAX_SIGN_IN_BYTES = 64 * 1024;

/**
 * Wraps next-auth's route handler. The sign-in limits themselves live in the credentials check
 * (lib/auth/options.ts), which every URL next-auth answers as a credentials sign-in reaches; this
 * only shapes the answers:
 *
 * - a POST form that repeats a field is refused (400): next-auth keeps the last value of a name,
 *   and nothing that reads the form another way may ever disagree with it;
 * - a sign-in refused by the limits is 429 with Retry-After (`rateLimited`), not next-auth's 401,
 *   so the login form can say how long to wait;
 * - a failure of the check itself (database down) is our 503/500, not "wrong password";
 * - a successful JSON sign-in (`json=true`, as the login form posts) also carries `failedSignIns`,
 *   the wrong passwords tried on the account since its previous sign-in, for the form to show.
 */
export function withSignInAnswers(handler: RouteHandler): RouteHandler {
  return async (request, context) => {
    try {
      if (request.method !== "POST") return await handler(request, context);
      const text = await readTextBody(request, MAX_SIGN_IN_BYTES);
      if (request.headers.get("content-type")?.includes("application/x-www-form-urlencoded"))
        refuseRepeatedFields(text);
      const outcome: SignInOutcome = {};
      // The body was read here; next-auth gets the same request with the text again.
      const forward = new NextRequest(request.url, { method: "POST", headers: request.headers, body: text });
      const response = await runSignIn(outcome, () => handler(forward, context));
      if (outcome.error !== undefined) throw outcome.error;
      if (outcome.retryAfterSeconds !== undefined) {
        throw rateLimited(
          `Too many failed sign-ins. Try again in ${waitText(outcome.retryAfterSeconds)}.`,
          outcome.retryAfterSeconds,
        );
      }
      if (outcome.failedSignIns !== undefined) return withFailedSignIns(response, outcome.failedSignIns);
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function refuseRepeatedFields(text: string): void {
  const seen = new Set<string>();
  for (const [name] of new URLSearchParams(text)) {
    if (seen.has(name)) throw new AppError("validation_error", `The form repeats the field “${name}”`, { field: name });
    seen.add(name);
  }
}

async function withFailedSignIns(response: Response, failedSignIns: number): Promise<Response> {
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const body = (await response.json()) as Record<string, unknown>;
  // The same headers: next-auth's Set-Cookie lines (the session) go out unchanged.
  return new Response(JSON.stringify({ ...body, failedSignIns }), {
    status: response.status,
    headers: response.headers,
  });
}
