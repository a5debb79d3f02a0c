/** Every failure a user can cause has a code; the HTTP status follows from it (docs/api.md "Errors"). */
export const ERROR_STATUS = {
  bad_json: 400,
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  conflict: 409,
  lease_expired: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_import: 422,
  rate_limited: 429,
  service_unavailable: 503,
  /** A project's model failed to answer: 502 by default, 504 on a timeout, 503 when it asked us to wait. */
  model_unavailable: 502,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Only where one code has several statuses (`model_unavailable`); otherwise the code's own. */
    private readonly statusOverride?: number,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return this.statusOverride ?? ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

/** 429: the answer carries `Retry-After` (lib/api/handler.ts errorResponse) and `details.retryAfter`. */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError("rate_limited", message, { retryAfter: retryAfterSeconds });
export const forbidden = (message = "You may not do this") => new AppError("forbidden", message);

/**
 * The project's model did not give a usable answer. `retryAfter` (seconds, with status 503) is passed on as
 * `Retry-After` (lib/api/handler.ts errorResponse).
 */
export const modelUnavailable = (
  message: string,
  status: 502 | 503 | 504,
  details: { reason: string; retryAfter?: number; status?: number },
) => new AppError("model_unavailable", message, details, status);

// What "the database cannot answer right now" looks like at each layer (down, restarting, unreachable,
// out of connections), as opposed to "this request is wrong". `pg` gives socket codes and SQLSTATEs (class
// 08 is connection_exception; 57P01–03 are shutdown and start-up; 53300 is too_many_connections) but only
// messages for a dropped connection or a pool wait that timed out. Prisma wraps them in its own codes
// (P1001 unreachable, P1017 connection closed, P2024 pool timeout, P2028 a transaction that could not
// start in time) or, for raw queries, as P2010 with the adapter's error in `meta.driverAdapterError`.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  "P2037",
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// "Query read timeout": only the health ping sets a read timeout (lib/db.ts), and a ping that gets no
// answer means the server is unreachable.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout/;

/** True when the API should answer 503 with Retry-After (lib/api/handler.ts), not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0 && seen.size < 10) {
    const current = pending.pop();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, message, cause, meta } = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
    pending.push(cause, meta?.driverAdapterError);
  }
  return false;
}
