import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

/**
 * next-auth's own `decode` of the session cookie, remembered per exact cookie value. Opening the cookie costs
 * an HKDF key derivation and an AES-GCM decryption every time (next-auth derives the key anew per call), a page
 * opens it twice per request (proxy.ts, then lib/auth/current-user.ts's sessionActor) and the writing screen's
 * autosave sends the same cookie every few seconds: docs/performance.md ("Request cost") has the figures.
 *
 * Safe to remember because the cookie is authenticated encryption under the secret: the same value always
 * opens to the same claims, and any other value (tampered, re-sealed) is a different key here and goes
 * through next-auth. What can change with time is checked on every use, not remembered: the expiry, with the
 * same 15 s of clock tolerance next-auth gives jose. Whether the session still holds (user active, session
 * version current) is never a property of the cookie: the actor lookup checks it per request
 * (lib/auth/sql/actor.ts), so signing out everywhere or deactivating a user works as before.
 */
export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, secret, salt = "" } = params;
  if (!token) return null;
  const key = `${salt}\u0000${token}`;
  const known = opened.get(key);
  if (known && known.secret === secret) {
    if (expired(known.claims)) {
      opened.delete(key);
      // As next-auth's decode does for an expired token: it throws, and getToken answers null.
      throw new Error("The session has expired");
    }
    remember(key, known);
    return known.claims;
  }
  const claims = await decode(params);
  if (!claims) return null;
  // Frozen: every later request with this cookie gets this very object.
  remember(key, { secret, claims: Object.freeze(claims) });
  return claims;
}

/**
 * jose's check of `exp` (seconds; expired when `exp <= now - tolerance`) with the 15 s of tolerance next-auth's
 * decode asks it for. The cookie's other claims jose checks do not change with time for a given secret (next-auth
 * sets no `nbf`, asks for no maximum age, issuer or audience).
 */
function expired(claims: JWT): boolean {
  return typeof claims.exp === "number" && claims.exp <= Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_S;
}

const CLOCK_TOLERANCE_S = 15;
/**
 * One entry per signed-in browser that was active recently (a cookie is about 0.5 kB, its claims less): enough
 * for thousands of labelers on one instance in a few MB. The least recently used goes first when it is full.
 */
const SESSION_TOKENS_REMEMBERED = 5000;
type Opened = { secret: JWTDecodeParams["secret"]; claims: JWT };

/**
 * One map per process, on globalThis: the server bundles this module separately into proxy.ts, the pages and the
 * API routes, and each copy would otherwise keep (and open the cookie into) a map of its own.
 */
const opened: Map<string, Opened> = ((globalThis as Record<symbol, unknown>)[Symbol.for("exemplar.sessionTokens")] ??=
  new Map<string, Opened>()) as Map<string, Opened>;

function remember(key: string, entry: Opened): void {
  opened.delete(key);
  opened.set(key, entry);
  if (opened.size > SESSION_TOKENS_REMEMBERED) opened.delete(opened.keys().next().value as string);
}

/** How many opened cookies this process remembers (for tests). */
export const rememberedSessionTokens = (): number => opened.size;
