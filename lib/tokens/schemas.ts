import { z } from "zod";

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  /** Empty means the token never expires. */
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number().int("Whole days").min(1, "At least 1 day").max(3650, "At most 10 years").optional(),
  ),
});
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;
