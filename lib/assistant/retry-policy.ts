import { AppError } from "@/lib/errors";

/** What a failed attempt at generating a prompt's suggestion leads to. */
export type AfterFailure = { retryInMs: number; reason: string } | { retryInMs: null; reason: string };

type Policy = { maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number };

/** Failures that may pass: the model is busy, overloaded, restarting or slow. */
function isTransient(reason: string, status: unknown): boolean {
  if (reason === "rate_limited" || reason === "timeout" || reason === "unreachable") return true;
  return reason === "model_error" && typeof status === "number" && (status >= 500 || status === 408);
}

/**
 * After the `attempts`-th failed attempt: wait and try again, or give up. A 429 waits exactly as long as its
 * Retry-After asks; other passing failures back off exponentially (base × 2^(attempts−1), capped, with half
 * of it random so that many prompts failing together do not come back together). Anything else (a 4xx, an
 * answer that is not the protocol, a refused address) would fail the same way again, so it gives up at once.
 */
export function afterFailure(error: unknown, attempts: number, policy: Policy, random = Math.random): AfterFailure {
  const details =
    error instanceof AppError && error.code === "model_unavailable"
      ? (error.details as { reason?: string; status?: unknown; retryAfter?: unknown } | undefined)
      : undefined;
  const reason = details?.reason ?? "internal_error";
  if (!isTransient(reason, details?.status) || attempts >= policy.maxAttempts) return { retryInMs: null, reason };
  if (reason === "rate_limited" && typeof details?.retryAfter === "number")
    return { retryInMs: details.retryAfter * 1000, reason };
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempts - 1));
  return { retryInMs: Math.round(ceiling / 2 + (random() * ceiling) / 2), reason };
}
