import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";

/**
 * Sign-in limits, counted in PostgreSQL (`login_rate_limits`) so every app instance sees the same
 * numbers, and checked inside the credentials provider's `authorize` (lib/auth/options.ts), where
 * the password is checked, so no URL or body shape reaches the check without them. An account is
 * the email as typed (trimmed, lower-cased), whether or not it exists, so the limits answer the same
 * for unknown emails and say nothing about which accounts exist.
 *
 * - `pair`: one account from one client address. Four failures are free (typos); then each attempt
 *   waits after the last failure twice as long as the one before (5 s, 10 s, 20 s, … up to 15 minutes).
 *   Someone guessing from elsewhere does not slow the owner down. Forgotten a day after the last attempt.
 * - `account`: every address together, a much higher ceiling per hour, so guessing spread over many
 *   addresses is still bounded. Only this can refuse the owner, and only after that many failures.
 * - `address`: one address trying many accounts (password spraying).
 */
export const LOGIN_LIMITS = {
  pair: { freeFailures: 4, firstDelaySeconds: 5, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 60 * 60 },
  account: { max: 100, windowSeconds: 60 * 60 },
  address: { max: 30, windowSeconds: 15 * 60 },
} as const;

type WindowKind = "account" | "address";
type Counter = { key: string; kind: WindowKind | "pair"; windowStartedAt: Date };

export type LoginAttempt = { allowed: true; counters: Counter[] } | { allowed: false; retryAfterSeconds: number };

/** The row key of an account's ceiling; the typed email is not kept (people type passwords into it). */
export function accountKey(email: string): string {
  return `account:${sha256(normalizeEmail(email))}`;
}

/** The row key of an account's backoff from one address. */
export function pairKey(email: string, address: string): string {
  return `pair:${sha256(`${normalizeEmail(email)}\n${address}`)}`;
}

/**
 * Counts the attempt before the password is checked, so parallel guesses cannot all slip past the
 * check: each one takes its place atomically, and one over a limit is refused (the places it took
 * given back). `settleLoginAttempt` then keeps the places (a failure) or clears them.
 */
export async function beginLoginAttempt(input: { email: string; address: string }): Promise<LoginAttempt> {
  const email = normalizeEmail(input.email);
  const windows: Array<{ kind: WindowKind; key: string }> = [
    { kind: "address", key: `address:${input.address}` },
    { kind: "account", key: accountKey(email) },
  ];
  const counted = await Promise.all(windows.map(({ kind, key }) => countInWindow(kind, key)));
  const over = counted.filter((c) => c.failures > LOGIN_LIMITS[c.kind].max);
  if (over.length > 0) {
    await Promise.all(counted.map(giveBack));
    return { allowed: false, retryAfterSeconds: Math.max(...over.map((c) => c.retryAfterSeconds)) };
  }
  const pair = await takePairTurn(pairKey(email, input.address));
  if (!pair.allowed) {
    await Promise.all(counted.map(giveBack));
    return { allowed: false, retryAfterSeconds: pair.retryAfterSeconds };
  }
  if (Math.random() < 0.02) await pruneExpired();
  const counters: Counter[] = counted.map(({ key, kind, windowStartedAt }) => ({ key, kind, windowStartedAt }));
  counters.push({ key: pair.key, kind: "pair", windowStartedAt: pair.lastAttemptAt });
  return { allowed: true, counters };
}

/**
 * A success clears the account+address backoff and gives back the places the attempt took in the
 * windows (the ceiling keeps counting other failures: an owner signing in does not reset what is
 * being tried from elsewhere). A failure keeps everything, and the backoff's wait runs from now,
 * when the answer goes out, not from when the (slow) password check began.
 */
export async function settleLoginAttempt(
  attempt: Extract<LoginAttempt, { allowed: true }>,
  succeeded: boolean,
): Promise<void> {
  if (!succeeded) {
    const pair = attempt.counters.find((c) => c.kind === "pair");
    if (pair)
      await prisma.$executeRaw`UPDATE login_rate_limits SET window_started_at = clock_timestamp() WHERE key = ${pair.key}`;
    return;
  }
  await Promise.all(
    attempt.counters.map((c) =>
      c.kind === "pair" ? prisma.loginRateLimit.deleteMany({ where: { key: c.key } }) : giveBack(c),
    ),
  );
}

/** "Try again in 14 minutes", for the 429 message and the login form. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function countInWindow(kind: WindowKind, key: string) {
  const window = Prisma.sql`make_interval(secs => ${LOGIN_LIMITS[kind].windowSeconds})`;
  // The database's clock for every instance: one window, whichever instance counts.
  const [row] = await prisma.$queryRaw<Array<{ failures: number; window_started_at: Date; retry_after: number }>>`
    INSERT INTO login_rate_limits AS l (key, failures, window_started_at) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN l.window_started_at <= now() - ${window} THEN 1 ELSE l.failures + 1 END,
      window_started_at = CASE WHEN l.window_started_at <= now() - ${window} THEN now() ELSE l.window_started_at END
    RETURNING failures, window_started_at,
      GREATEST(1, ceil(extract(epoch FROM window_started_at + ${window} - now())))::int AS retry_after`;
  return {
    kind,
    key,
    failures: row!.failures,
    windowStartedAt: row!.window_started_at,
    retryAfterSeconds: row!.retry_after,
  };
}

/**
 * The account+address backoff. Its row counts the attempts since the last success (`failures`,
 * taken before the check like the windows) and when the last one started or failed
 * (`window_started_at`). An attempt may start once the wait its predecessors earned has passed; the
 * update is conditional, so of parallel attempts only as many as are due get through.
 */
async function takePairTurn(
  key: string,
): Promise<{ allowed: true; key: string; lastAttemptAt: Date } | { allowed: false; retryAfterSeconds: number }> {
  const { freeFailures, firstDelaySeconds, maxDelaySeconds, forgetAfterSeconds } = LOGIN_LIMITS.pair;
  const forget = Prisma.sql`make_interval(secs => ${forgetAfterSeconds})`;
  const wait = Prisma.sql`make_interval(secs => CASE WHEN l.failures < ${freeFailures} THEN 0
    ELSE LEAST(${maxDelaySeconds}, ${firstDelaySeconds} * power(2, LEAST(l.failures - ${freeFailures}, 30))) END)`;
  // clock_timestamp(), not now(): now() is when the statement began, and of parallel attempts on one
  // row a later one may have begun earlier (it waited for the row lock), which would move the clock back.
  const [taken] = await prisma.$queryRaw<Array<{ window_started_at: Date }>>`
    INSERT INTO login_rate_limits AS l (key, failures, window_started_at) VALUES (${key}, 1, clock_timestamp())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN l.window_started_at <= clock_timestamp() - ${forget} THEN 1 ELSE l.failures + 1 END,
      window_started_at = clock_timestamp()
    WHERE l.failures < ${freeFailures}
       OR l.window_started_at + ${wait} <= clock_timestamp()
       OR l.window_started_at <= clock_timestamp() - ${forget}
    RETURNING window_started_at`;
  if (taken) return { allowed: true, key, lastAttemptAt: taken.window_started_at };
  const [due] = await prisma.$queryRaw<Array<{ retry_after: number }>>`
    SELECT GREATEST(1, ceil(extract(epoch FROM l.window_started_at + ${wait} - clock_timestamp())))::int AS retry_after
      FROM login_rate_limits l WHERE l.key = ${key}`;
  return { allowed: false, retryAfterSeconds: due?.retry_after ?? 1 };
}

/** Only within the same window: a place taken in an earlier window is gone with it. */
async function giveBack(counter: Pick<Counter, "key" | "windowStartedAt">): Promise<void> {
  await prisma.$executeRaw`
    UPDATE login_rate_limits SET failures = GREATEST(failures - 1, 0)
     WHERE key = ${counter.key} AND window_started_at = ${counter.windowStartedAt}`;
}

/** Rows past their window (and backoffs past being forgotten) mean nothing any more. */
async function pruneExpired(): Promise<void> {
  const windows = Math.max(LOGIN_LIMITS.account.windowSeconds, LOGIN_LIMITS.address.windowSeconds);
  await prisma.$executeRaw`
    DELETE FROM login_rate_limits
     WHERE window_started_at < now() - make_interval(secs => ${LOGIN_LIMITS.pair.forgetAfterSeconds})
        OR (key NOT LIKE 'pair:%' AND window_started_at < now() - make_interval(secs => ${windows}))`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
