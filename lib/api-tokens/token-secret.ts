import { createHash, randomBytes } from "node:crypto";

const PREFIX = "exm_";

/** A new token secret: shown once to its owner, stored only as a hash. */
export function newTokenSecret(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The visible start of a token, stored to tell tokens apart in lists. */
function tokenPrefix(secret: string): string {
  return secret.slice(0, 10);
}

/** A new token as stored: the secret for its owner, the hash and prefix for the database. */
export function newTokenRecord(): { secret: string; tokenHash: string; prefix: string } {
  const secret = newTokenSecret();
  return { secret, tokenHash: hashTokenSecret(secret), prefix: tokenPrefix(secret) };
}

export function looksLikeToken(secret: string): boolean {
  return secret.startsWith(PREFIX) && secret.length > PREFIX.length + 20;
}
