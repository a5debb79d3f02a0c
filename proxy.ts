import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { decodeSessionToken } from "@/lib/auth/session-token";

/**
 * Runs before every page (not the API, which answers 401 JSON itself and gets a static policy
 * from next.config.js). Two jobs:
 *
 * 1. An optimistic redirect of anonymous visitors to /login. Not a security boundary: every page
 *    and API route checks the user again in lib/ (lib/auth/current-user.ts).
 * 2. A Content-Security-Policy with a fresh nonce per request (docs/security.md). Next.js reads the
 *    nonce from the request's CSP header while rendering and puts it on its own scripts; any
 *    script without it (an injected `<script>`, an `onerror=` handler) is refused by the browser.
 */
const redirectAnonymous = withAuth({ pages: { signIn: "/login" }, jwt: { decode: decodeSessionToken } });

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced framework scripts load (route chunks) are trusted too;
    // host lists and 'self' are then ignored by browsers that understand it. React uses eval only
    // in development, for its error overlays.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    // Styles may be inline: React's style={} attributes (progress bars) cannot carry a nonce, and
    // CSS cannot run script. What CSS could leak (attribute selectors) can only go to 'self',
    // because img-src, font-src and connect-src allow no other origin.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The token counter runs gpt-tokenizer in a Web Worker (a bundled file or a blob: URL).
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);

  const redirect = await redirectAnonymous(request as NextRequestWithAuth, event);
  let response: Response;
  if (redirect) {
    response = redirect;
  } else {
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages, the login page included; not the API (see next.config.js), build assets or the icon
  // (app/icon.svg), which the login page shows to anonymous visitors too.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
