import { z } from "zod";

export const RESPONSE_STATUSES = ["submitted", "accepted", "rejected", "needs_revision"] as const;

export const ListResponsesQuery = z.object({
  status: z.enum([...RESPONSE_STATUSES, "all"]).default("submitted"),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, "cursor must come from nextCursor")
    .refine((c) => Number(c) <= 2_147_483_647, "cursor must come from nextCursor")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** v1 decisions; revise and edit arrive with the review loop (issue 3). */
export const ReviewInput = z
  .object({
    decision: z.enum(["accept", "reject"]),
    comment: z.string().trim().max(5000).optional(),
  })
  .strict();
export type ReviewInput = z.input<typeof ReviewInput>;
