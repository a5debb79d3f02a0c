/**
 * Where to send the browser after signing in, from a `callbackUrl` anyone can put in a link. A
 * prefix test on the text is not enough: browsers read `\` as `/` and drop tabs and newlines, so
 * `/\evil.example` looks like a path and opens `http://evil.example`. The URL is resolved the way a
 * browser would, against our origin, and kept only if it stays on that origin and its path cannot
 * be read as another host (`//host`) once it is a path again.
 */
export function sameOriginTarget(raw: string | null | undefined, origin: string): string {
  const url = resolveSameOrigin(raw, origin);
  return url ? `${url.pathname}${url.search}${url.hash}` : "/";
}

/** next-auth's `redirect` callback: the absolute URL of a same-origin target, or the home page. */
export function sameOriginRedirect(raw: string, baseUrl: string): string {
  return resolveSameOrigin(raw, baseUrl)?.href ?? new URL("/", baseUrl).href;
}

function resolveSameOrigin(raw: string | null | undefined, origin: string): URL | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin || url.pathname.startsWith("//")) return null;
  return url;
}
