import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { pool, prisma } from "@/lib/db";

/**
 * The rows of `login_rate_limits` (lib/auth/login-rate-limit.ts has the rules): a window counts failures
 * from when it started; a pair's backoff counts attempts since the last success, `window_started_at`
 * being when the last one started or failed. Times are the database's clock, the same for every instance.
 */
export type WindowCountRow = { failures: number; window_started_at: Date; retry_after: number };

/**
 * Counts one attempt in the window of `key` (a new window once the last one is over). Also the per-user limit of
 * suggestion requests (lib/assistant/request-limit.ts), on every such request: one named statement on the pool.
 */
export async function countInWindowRow(key: string, windowSeconds: number): Promise<WindowCountRow> {
  const { rows } = await pool().query<WindowCountRow>({
    name: "rate-limit-count-in-window",
    text: `
      INSERT INTO login_rate_limits AS l (key, failures, window_started_at) VALUES ($1, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN l.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE l.failures + 1 END,
        window_started_at = CASE WHEN l.window_started_at <= now() - make_interval(secs => $2)
                                 THEN now() ELSE l.window_started_at END
      RETURNING failures, window_started_at,
        GREATEST(1, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now())))::int AS retry_after`,
    values: [key, windowSeconds],
  });
  return rows[0]!;
}

export type PairBackoff = {
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  forgetAfterSeconds: number;
};

/** The wait a pair's row `l` has earned: none for the free failures, then doubling up to the maximum. */
function pairWait({ freeFailures, firstDelaySeconds, maxDelaySeconds }: PairBackoff): Prisma.Sql {
  return Prisma.sql`make_interval(secs => CASE WHEN l.failures < ${freeFailures} THEN 0
    ELSE LEAST(${maxDelaySeconds}, ${firstDelaySeconds} * power(2, LEAST(l.failures - ${freeFailures}, 30))) END)`;
}

/**
 * Takes the pair's turn if the wait its predecessors earned has passed: the time it was taken, or
 * undefined. The update is conditional, so of parallel attempts only as many as are due get through.
 */
export async function takePairTurnRow(
  key: string,
  backoff: PairBackoff,
): Promise<{ window_started_at: Date } | undefined> {
  const forget = Prisma.sql`make_interval(secs => ${backoff.forgetAfterSeconds})`;
  // clock_timestamp(), not now(): now() is when the statement began, and of parallel attempts on one
  // row a later one may have begun earlier (it waited for the row lock), which would move the clock back.
  const [taken] = await prisma.$queryRaw<Array<{ window_started_at: Date }>>`
    INSERT INTO login_rate_limits AS l (key, failures, window_started_at) VALUES (${key}, 1, clock_timestamp())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN l.window_started_at <= clock_timestamp() - ${forget} THEN 1 ELSE l.failures + 1 END,
      window_started_at = clock_timestamp()
    WHERE l.failures < ${backoff.freeFailures}
       OR l.window_started_at + ${pairWait(backoff)} <= clock_timestamp()
       OR l.window_started_at <= clock_timestamp() - ${forget}
    RETURNING window_started_at`;
  return taken;
}

/** Seconds until the pair's next turn (at least 1). */
export async function pairRetryAfter(key: string, backoff: PairBackoff): Promise<number | undefined> {
  const [due] = await prisma.$queryRaw<Array<{ retry_after: number }>>`
    SELECT GREATEST(1, ceil(extract(epoch FROM l.window_started_at + ${pairWait(backoff)} - clock_timestamp())))::int AS retry_after
      FROM login_rate_limits l WHERE l.key = ${key}`;
  return due?.retry_after;
}

/** A failed attempt: the pair's wait runs from now. */
export async function restartPairWait(key: string): Promise<void> {
  await prisma.$executeRaw`UPDATE login_rate_limits SET window_started_at = clock_timestamp() WHERE key = ${key}`;
}

/** Gives back the place an attempt took, only within the same window: one taken in an earlier window is gone with it. */
export async function giveBackRow(key: string, windowStartedAt: Date): Promise<void> {
  await prisma.$executeRaw`
    UPDATE login_rate_limits SET failures = GREATEST(failures - 1, 0)
     WHERE key = ${key} AND window_started_at = ${windowStartedAt}`;
}

/** Deletes pairs not seen for `forgetAfterSeconds` and windows older than `windowSeconds`. */
export async function pruneRows(forgetAfterSeconds: number, windowSeconds: number): Promise<void> {
  await prisma.$executeRaw`
    DELETE FROM login_rate_limits
     WHERE window_started_at < now() - make_interval(secs => ${forgetAfterSeconds})
        OR (key NOT LIKE 'pair:%' AND window_started_at < now() - make_interval(secs => ${windowSeconds}))`;
}
