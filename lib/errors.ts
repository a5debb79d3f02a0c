/** Every failure a user can cause has a code; the HTTP status follows from it (style.md §5). */
export const ERROR_STATUS = {
  bad_json: 400,
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  lease_expired: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_import: 422,
  service_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You may not do this") => new AppError("forbidden", message);
