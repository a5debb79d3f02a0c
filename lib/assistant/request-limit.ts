import "server-only";
import { env } from "@/lib/env";
import { rateLimited, type AppError } from "@/lib/errors";
import { countInWindowRow, giveBackRow } from "@/lib/auth/sql/login-rate-limits";

/**
 * Each labeler's requests for suggestions that call the model: at most EXEMPLAR_SUGGESTIONS_PER_MINUTE (default 30;
 * 0 turns the limit off) per user in a window of a minute, whichever app instance answers, since every call costs
 * the project's model provider money and a labeler (or a script with their token) could otherwise ask without
 * bound. Counted in PostgreSQL with the sign-in limits' windows (`login_rate_limits`, lib/auth/login-rate-limit.ts),
 * one row per user. Suggestions generated ahead and served from the table call no model, so they do not count.
 *
 * The request is counted while its other reads are made (so the count costs no wait of its own) and given back
 * when it turns out not to call the model: an error, or suggestions generated ahead.
 */
export const REQUEST_WINDOW_SECONDS = 60;

export type CountedRequest = {
  key: string;
  windowStartedAt: Date;
  /** Set when the request is over the limit: seconds until the window ends. */
  refusedFor?: number;
};

export function suggestionRequestLimit(): number {
  return env().EXEMPLAR_SUGGESTIONS_PER_MINUTE;
}

/** Counts one request of `userId`; null when the limit is off. */
export async function countSuggestionRequest(userId: string): Promise<CountedRequest | null> {
  const limit = suggestionRequestLimit();
  if (limit === 0) return null;
  const key = `suggestions:${userId}`;
  const row = await countInWindowRow(key, REQUEST_WINDOW_SECONDS);
  return {
    key,
    windowStartedAt: row.window_started_at,
    ...(row.failures > limit ? { refusedFor: row.retry_after } : {}),
  };
}

/** 429 `rate_limited` with Retry-After, for a request over the limit. */
export function requestLimitError(counted: CountedRequest): AppError | null {
  if (counted.refusedFor === undefined) return null;
  const limit = suggestionRequestLimit();
  return rateLimited(
    `At most ${limit} requests for suggestions a minute; try again in ${counted.refusedFor} s`,
    counted.refusedFor,
  );
}

/** The request called no model after all: its place goes back (only within the same window). */
export async function giveBackSuggestionRequest(counted: CountedRequest | null): Promise<void> {
  if (counted) await giveBackRow(counted.key, counted.windowStartedAt);
}
