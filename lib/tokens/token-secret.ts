import { createHash, randomBytes } from "node:crypto";

const PREFIX = "exm_";

/** A new token secret: shown once to its owner, stored only as a hash. */
export function newTokenSecret(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function looksLikeToken(secret: string): boolean {
  return secret.startsWith(PREFIX) && secret.length > PREFIX.length + 20;
}
