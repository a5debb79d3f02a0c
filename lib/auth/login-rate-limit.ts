import "server-only";
import { createHash } from "node:crypto";
import { prisma } from "@/lib/db";
import {
  countInWindowRow,
  giveBackRow,
  pairRetryAfter,
  pruneRows,
  restartPairWait,
  takePairTurnRow,
} from "@/lib/auth/sql/login-rate-limits";

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
    if (pair) await restartPairWait(pair.key);
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
  // The database's clock for every instance: one window, whichever instance counts.
  const row = await countInWindowRow(key, LOGIN_LIMITS[kind].windowSeconds);
  return {
    kind,
    key,
    failures: row.failures,
    windowStartedAt: row.window_started_at,
    retryAfterSeconds: row.retry_after,
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
  const taken = await takePairTurnRow(key, LOGIN_LIMITS.pair);
  if (taken) return { allowed: true, key, lastAttemptAt: taken.window_started_at };
  return { allowed: false, retryAfterSeconds: (await pairRetryAfter(key, LOGIN_LIMITS.pair)) ?? 1 };
}

/** Only within the same window: a place taken in an earlier window is gone with it. */
async function giveBack(counter: Pick<Counter, "key" | "windowStartedAt">): Promise<void> {
  await giveBackRow(counter.key, counter.windowStartedAt);
}

/** Rows past their window (and backoffs past being forgotten) mean nothing any more. */
async function pruneExpired(): Promise<void> {
  const windows = Math.max(LOGIN_LIMITS.account.windowSeconds, LOGIN_LIMITS.address.windowSeconds);
  await pruneRows(LOGIN_LIMITS.pair.forgetAfterSeconds, windows);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
