import { isIP } from "node:net";

/**
 * The address a request came from, for the per-address sign-in limit.
 *
 * A Next 16 route handler never sees the socket. Under `next start`, Next's own server writes the
 * socket's address into `X-Forwarded-For`, but only when the request has no such header
 * (node_modules/next/dist/server/base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`).
 * So the header is the only source, and how far to trust it depends on what stands in front:
 *
 * - `TRUST_PROXY=0` (default, clients reach `next start` directly): the last entry, which is the
 *   socket address unless the client sent its own header. A client that forges the header picks its
 *   own per-address bucket; the per-account limit still holds. Serve behind a proxy for more.
 * - `TRUST_PROXY=n` (n reverse proxies that each append the address they saw, e.g. nginx's
 *   `$proxy_add_x_forwarded_for`): the n-th entry from the right, the address the outermost
 *   trusted proxy saw. Entries left of it are the client's to invent and are ignored.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries.at(-Math.max(trustedProxies, 1));
  return entry ? normalizeAddress(entry) : "unknown";
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client; anything that is not an address is kept short. */
function normalizeAddress(entry: string): string {
  const address = entry.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
  return isIP(address) ? address : `invalid:${address.slice(0, 64)}`;
}
