import { z } from "zod";
import { AppError } from "@/lib/errors";

export const EXPORT_FORMATS = ["openai", "sharegpt", "chatml", "prompt-completion", "preference"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const MAX_EXPORT_LIMIT = 10_000_000;
export const DEFAULT_VALIDATION_FRACTION = 0.05;

// Query values arrive as strings; spell numbers strictly so "", " 1", "1e3" or "0x10" are mistakes, not values.
const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int().min(min).max(max));
const decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, "must be a decimal number like 0.05")
  .transform(Number);
// A date is midnight UTC; a date-time needs its offset (Z or ±hh:mm), so no server's clock decides what it means.
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error:
      "must be an ISO date (2026-01-31) or a date-time with offset (2026-01-31T12:00:00Z; in a URL write + as %2B)",
  })
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s));

/**
 * The export's query parameters (docs/formats.md), shared by the HTTP endpoint and the CLI.
 * Allow-listed: any other parameter is a 400, so a typo never silently widens an export.
 */
export const ExportQuery = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS).default("openai"),
    status: z.enum(["accepted", "submitted", "all"]).default("accepted"),
    since: instant.optional(),
    until: instant.optional(),
    guidelinesVersion: integer(1, 2_147_483_647).optional(),
    labeler: z
      .guid({ error: "must be a user id (UUID)" })
      .transform((s) => s.toLowerCase())
      .optional(),
    minScore: decimal.pipe(z.number().min(1).max(5)).optional(),
    limit: integer(1, MAX_EXPORT_LIMIT).optional(),
    after: z
      .guid({ error: "must be a response id (UUID)" })
      .transform((s) => s.toLowerCase())
      .optional(),
    include: z.literal("metadata").optional(),
    split: z.enum(["train", "validation"]).optional(),
    validationFraction: decimal.pipe(z.number().gt(0).lt(1)).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.since && q.until && q.since >= q.until) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "must be later than since" });
    }
    if (q.validationFraction !== undefined && !q.split) {
      ctx.addIssue({ code: "custom", path: ["validationFraction"], message: "needs split=train or split=validation" });
    }
    // Preference lines are pairs, not responses, so there is no response id to resume after.
    if (q.after && q.format === "preference") {
      ctx.addIssue({ code: "custom", path: ["after"], message: "is not available with format=preference" });
    }
  })
  .transform(({ validationFraction, ...q }) => ({
    ...q,
    validationFraction: validationFraction ?? DEFAULT_VALIDATION_FRACTION,
  }));

export type ExportOptions = z.output<typeof ExportQuery>;

/** Parses export parameters or throws the 400 the endpoint and the CLI both report. */
export function parseExportQuery(input: URLSearchParams | Record<string, string>): ExportOptions {
  const record = input instanceof URLSearchParams ? singleValues(input) : input;
  const parsed = ExportQuery.safeParse(record);
  if (!parsed.success) throw new AppError("validation_error", "Bad export parameters", parsed.error.issues);
  return parsed.data;
}

/** A parameter given twice is ambiguous (which one wins differs between tools), so it is an error. */
function singleValues(params: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(record, key)) {
      throw new AppError("validation_error", "Bad export parameters", [
        { code: "custom", path: [key], message: "is given more than once" },
      ]);
    }
    record[key] = value;
  }
  return record;
}
