/**
 * The shape of a pseudonym, without the hashing (lib/users/pseudonym.ts), so client-side
 * schemas can check one without bundling node:crypto.
 */
export const PSEUDONYM_PREFIX = "anon-";
export const PSEUDONYM_PATTERN = /^anon-[0-9a-f]{8}$/;
