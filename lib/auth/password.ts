import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { rateLimited } from "@/lib/errors";

// scrypt from node:crypto: no native addon to build (npm 11 runs no install scripts).
// N=2^17, r=8, p=1 is OWASP's current minimum for scrypt: 128 MiB per hash, slow for guessing, fine for
// a sign-in (its time here: docs/performance.md, "Sign-in"). Two run at once at most (below), so
// parallel sign-ins hold at most 256 MiB.
const PARAMS = { N: 1 << 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt needs about 128·N·r·p bytes; Node refuses anything over `maxmem` (32 MiB by default). Twice
// today's need leaves room for hashes made with older, smaller parameters and refuses absurd ones.
const MAX_MEM = 2 * 128 * PARAMS.N * PARAMS.r * PARAMS.p;

// Every hash runs on libuv's thread pool (four threads), which file reads, zlib and other crypto share.
// Sign-ins, even for unknown emails, cost a hash each: unbounded, a stream of them would hold every
// thread. So at most SCRYPT_AT_ONCE hashes run at a time per process; others wait in line, and past
// SCRYPT_QUEUE waiting the sign-in is refused (429 with Retry-After) instead of queued for minutes.
const SCRYPT_AT_ONCE = 2;
const SCRYPT_QUEUE = 64;

/** A line: at most `atOnce` runs at a time, `queueLength` waiting, and a 429 for the next. */
export function takingTurns(atOnce: number, queueLength: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async function inTurn<T>(run: () => Promise<T>): Promise<T> {
    if (running >= atOnce) {
      if (waiting.length >= queueLength)
        throw rateLimited("The server is busy signing others in; try again in a second", 1);
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await run();
    } finally {
      // The place passes straight to the next in line, so `running` never drops below what runs.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

const inTurn = takingTurns(SCRYPT_AT_ONCE, SCRYPT_QUEUE);

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return inTurn(() => scryptNow(password, salt, keyLength, options));
}

function scryptNow(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keyLength, { ...options, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}

/**
 * Whether a stored hash was made with other parameters than today's: the sign-in that has just
 * verified the password rehashes it (lib/auth/options.ts), so old hashes go as their owners sign in.
 */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p, , hash] = stored.split("$");
  return (
    scheme !== "scrypt" ||
    Number(n) !== PARAMS.N ||
    Number(r) !== PARAMS.r ||
    Number(p) !== PARAMS.p ||
    Buffer.from(hash ?? "", "base64url").length !== KEY_LENGTH
  );
}

// A hash of a random password, compared against when the email is unknown, so that an unknown
// email and a wrong password take the same time and get the same answer.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}
