import { z } from "zod";

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;
