import { z } from "zod";
import { AppError } from "@/lib/errors";

// Query-string pieces the list endpoints share (review list, audit log), so each parses them alike.

/** A date (`2026-01-31`) or an ISO 8601 time with offset, as a Date. */
export const isoDateOrTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], "A date (2026-01-31) or an ISO 8601 time")
  .transform((s) => new Date(s));

/** A keyset cursor: the `nextCursor` of the previous page, a sequence number that fits an int column. */
export const seqCursor = z
  .string()
  .regex(/^\d{1,10}$/, "cursor must come from nextCursor")
  .refine((c) => Number(c) <= 2_147_483_647, "cursor must come from nextCursor");

/** A query string checked with `schema`, or 400 `validation_error` with the issues: the one check, at the edge. */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  return parseQueryValues(schema, Object.fromEntries(params));
}

/** The same check for query values a page or server action already holds as an object. */
export function parseQueryValues<S extends z.ZodType>(schema: S, values: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw new AppError("validation_error", "Bad query parameters", result.error.issues);
  return result.data;
}
