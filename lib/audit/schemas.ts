import { z } from "zod";

export const AUDIT_ACTIONS = [
  "review.decide",
  "review.rank",
  "response.revise",
  "response.edit",
  "user.create",
  "user.update",
  "project.create",
  "project.update",
  "guidelines.publish",
  "prompts.import",
  "export.run",
  "token.create",
  "token.revoke",
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDateOrTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], "A date (2026-01-31) or an ISO 8601 time")
  .transform((s) => new Date(s));

/** `GET /api/v1/audit`: newest first, keyset-paginated on the event's sequence number. */
export const ListAuditQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional(),
    actorId: z.string().regex(UUID, "A user id").optional(),
    projectId: z.string().regex(UUID, "A project id").optional(),
    since: isoDateOrTime.optional(),
    until: isoDateOrTime.optional(),
    cursor: z
      .string()
      .regex(/^\d{1,10}$/, "cursor must come from nextCursor")
      .refine((c) => Number(c) <= 2_147_483_647, "cursor must come from nextCursor")
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListAuditQuery = z.input<typeof ListAuditQuery>;
