import { z } from "zod";

export const TOKEN_SCOPES = ["export"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * A personal token acts with its owner's role. A project-scoped token (admins only) can do one
 * thing, its scope, on one project: `export` = read-only export of that project.
 */
export const CreateTokenInput = z
  .object({
    name: z.string().trim().min(1, "Give the token a name").max(100),
    /** Empty means the token never expires. */
    expiresInDays: z.preprocess(
      (v) => (v === "" || v === null ? undefined : v),
      z.coerce.number().int("Whole days").min(1, "At least 1 day").max(3650, "At most 10 years").optional(),
    ),
    /** Project id or slug; empty means a personal token. */
    project: z.preprocess(
      (v) => (v === "" || v === null ? undefined : v),
      z.string().trim().min(1).max(100).optional(),
    ),
    scope: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(TOKEN_SCOPES).optional()),
  })
  .refine((t) => t.scope === undefined || t.project !== undefined, {
    message: "A scoped token needs a project",
    path: ["project"],
  })
  // `export` is the only scope so far, so a project alone means an export token.
  .transform((t) => (t.project !== undefined ? { ...t, scope: t.scope ?? ("export" as const) } : t));
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;
