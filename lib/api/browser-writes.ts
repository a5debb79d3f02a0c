import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";

/** The media types a route's body may have when a browser session sends it: what the UI sends, nothing else. */
export const BODY_MEDIA_TYPES = {
  json: "application/json",
  // The prompt import (components/projects/prompt-import.tsx) uploads the file as it is, with this type.
  jsonl: "application/x-ndjson",
} as const;
export type BodyKind = keyof typeof BODY_MEDIA_TYPES;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
// `none`: typed in the address bar or opened from a bookmark, which is the user's own doing.
const SAME_ORIGIN_FETCH_SITES = new Set(["same-origin", "none"]);

/**
 * Cross-site request forgery, for requests authenticated by the session cookie (a bearer token is never sent
 * by a browser on its own, so token requests are not checked). SameSite=Lax alone keeps the cookie off
 * cross-site POSTs, but not off requests from a sibling subdomain (same site, another origin), and old
 * browsers ignore it. So a state-changing request must also:
 *
 * - come from this origin: its `Origin` names this host (as Next checks its server actions: X-Forwarded-Host,
 *   else Host, or NEXTAUTH_URL's host); with no Origin, `Sec-Fetch-Site` must be `same-origin` or `none`. A
 *   request with neither header is not a browser's (every current browser sends Origin on a POST, PUT, PATCH
 *   or DELETE), so it is let through, as Next does for server actions;
 * - carry its body as the route's media type (`application/json`, or the import's `application/x-ndjson`): an
 *   HTML form can send only urlencoded, multipart or text/plain, and a cross-origin script that sets any
 *   other type must first pass a CORS preflight, which this API never grants. A request with no body at all
 *   has nothing to check.
 *
 * A refusal is 403 `cross_site_request`, or 415 `unsupported_media_type` for the wrong body type.
 */
export function assertBrowserWriteAllowed(request: Request, body: BodyKind): void {
  const method = request.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return;
  assertSameOrigin(request);
  if (BODY_METHODS.has(method)) assertMediaType(request, body);
}

function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const host = hostOf(origin);
    if (host === null || !allowedHosts(request).has(host))
      throw crossSite(`from ${origin === "null" ? "an opaque origin" : "another origin"}`);
    return;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && !SAME_ORIGIN_FETCH_SITES.has(site.trim().toLowerCase()))
    throw crossSite(`from a ${site.trim().toLowerCase()} page`);
}

/** Hosts (with port) this request may come from; a browser cannot forge Host, nor add X-Forwarded-Host without a CORS preflight. */
function allowedHosts(request: Request): Set<string> {
  const hosts = new Set<string>([new URL(request.url).host.toLowerCase()]);
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = request.headers.get("host")?.trim();
  const configured = env().NEXTAUTH_URL;
  for (const value of [forwarded, host, configured ? hostOf(configured) : null])
    if (value) hosts.add(value.toLowerCase());
  return hosts;
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

function assertMediaType(request: Request, body: BodyKind): void {
  const header = request.headers.get("content-type");
  const expected = BODY_MEDIA_TYPES[body];
  if (header === null && hasNoBody(request)) return;
  const mediaType = header?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== expected) {
    throw new AppError("unsupported_media_type", `Send the body as ${expected} (the Content-Type header)`, {
      expected,
    });
  }
}

/** HTTP/1.1 (RFC 9112 §6.3): a request with neither Content-Length nor Transfer-Encoding has no body. */
function hasNoBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return request.body === null || length === "0" || (length === null && !request.headers.has("transfer-encoding"));
}

function crossSite(where: string): AppError {
  return new AppError(
    "cross_site_request",
    `A signed-in browser request that changes data must come from this site, not ${where}`,
  );
}
