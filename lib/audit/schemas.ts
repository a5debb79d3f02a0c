import { z } from "zod";
import { UUID_PATTERN } from "@/lib/ids";
import { isoDateOrTime, seqCursor } from "@/lib/query-params";

export const AUDIT_ACTIONS = [
  "review.decide",
  "review.undo",
  "review.rank",
  "response.revise",
  "response.edit",
  "user.create",
  "user.update",
  "user.password_reset",
  "project.create",
  "project.update",
  "project.delete",
  "project.member_add",
  "project.member_update",
  "project.member_remove",
  "assistant.update",
  "assistant.delete",
  "suggestions.generate",
  "suggestions.cancel",
  "guidelines.publish",
  "prompts.import",
  "export.run",
  "token.create",
  "token.revoke",
] as const;

/** `GET /api/v1/audit`: newest first, keyset-paginated on the event's sequence number. */
export const ListAuditQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional(),
    actorId: z.string().regex(UUID_PATTERN, "A user id").optional(),
    projectId: z.string().regex(UUID_PATTERN, "A project id").optional(),
    since: isoDateOrTime.optional(),
    until: isoDateOrTime.optional(),
    cursor: seqCursor.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListAuditQuery = z.input<typeof ListAuditQuery>;
/** The audit log's query once parsed at the edge: what listAuditEvents takes. */
export type AuditFilter = z.output<typeof ListAuditQuery>;
