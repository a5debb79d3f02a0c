import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";

/**
 * Sign-in limits (issue 6): failures per account and per client address in fixed windows, counted
 * in PostgreSQL (`login_rate_limits`) so every app instance sees the same numbers. An account is
 * the email as typed (trimmed, lower-cased), whether or not it exists, so the limit answers the
 * same for unknown emails and says nothing about which accounts exist.
 */
export const LOGIN_LIMITS = {
  account: { max: 5, windowSeconds: 15 * 60 },
  address: { max: 30, windowSeconds: 15 * 60 },
} as const;

type Kind = keyof typeof LOGIN_LIMITS;
type Counter = { key: string; kind: Kind; windowStartedAt: Date };

export type LoginAttempt =
  | { allowed: true; counters: Counter[] }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Counts the attempt before the password is checked, so parallel guesses cannot all slip past
 * the check: each one takes a place in the window atomically, and one past the limit is refused
 * (its place given back). `settleLoginAttempt` then keeps the place (a failure) or clears it.
 */
export async function beginLoginAttempt(input: { email: string; address: string }): Promise<LoginAttempt> {
  const email = input.email.trim().toLowerCase();
  const wanted: Array<{ kind: Kind; key: string }> = [{ kind: "address", key: `address:${input.address}` }];
  // An empty email is refused by the credentials check anyway; it is not an account to lock.
  if (email) wanted.push({ kind: "account", key: `account:${sha256(email)}` });

  const counted = await Promise.all(wanted.map(({ kind, key }) => countAttempt(kind, key)));
  const over = counted.filter((c) => c.failures > LOGIN_LIMITS[c.kind].max);
  if (over.length > 0) {
    await Promise.all(counted.map(giveBack));
    return { allowed: false, retryAfterSeconds: Math.max(...over.map((c) => c.retryAfterSeconds)) };
  }
  if (Math.random() < 0.02) await pruneExpired();
  return { allowed: true, counters: counted.map(({ key, kind, windowStartedAt }) => ({ key, kind, windowStartedAt })) };
}

/** A success clears the account's failures and gives the address its place back; a failure keeps both. */
export async function settleLoginAttempt(attempt: Extract<LoginAttempt, { allowed: true }>, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  await Promise.all(
    attempt.counters.map((c) =>
      c.kind === "account" ? prisma.loginRateLimit.deleteMany({ where: { key: c.key } }) : giveBack(c),
    ),
  );
}

/** "Try again in 14 minutes", for the 429 message and the login form. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

async function countAttempt(kind: Kind, key: string) {
  const window = Prisma.sql`make_interval(secs => ${LOGIN_LIMITS[kind].windowSeconds})`;
  // The database's clock for every instance: one window, whichever instance counts.
  const [row] = await prisma.$queryRaw<Array<{ failures: number; window_started_at: Date; retry_after: number }>>`
    INSERT INTO login_rate_limits AS l (key, failures, window_started_at) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN l.window_started_at <= now() - ${window} THEN 1 ELSE l.failures + 1 END,
      window_started_at = CASE WHEN l.window_started_at <= now() - ${window} THEN now() ELSE l.window_started_at END
    RETURNING failures, window_started_at,
      GREATEST(1, ceil(extract(epoch FROM window_started_at + ${window} - now())))::int AS retry_after`;
  return { kind, key, failures: row!.failures, windowStartedAt: row!.window_started_at, retryAfterSeconds: row!.retry_after };
}

/** Only within the same window: a place taken in an earlier window is gone with it. */
async function giveBack(counter: Counter): Promise<void> {
  await prisma.$executeRaw`
    UPDATE login_rate_limits SET failures = GREATEST(failures - 1, 0)
     WHERE key = ${counter.key} AND window_started_at = ${counter.windowStartedAt}`;
}

async function pruneExpired(): Promise<void> {
  const longest = Math.max(...Object.values(LOGIN_LIMITS).map((l) => l.windowSeconds));
  await prisma.$executeRaw`DELETE FROM login_rate_limits WHERE window_started_at < now() - make_interval(secs => ${longest})`;
}

// The typed email is not kept: people type passwords into the email field.
function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
