import { z } from "zod";

export const ROLE_VALUES = ["admin", "reviewer", "labeler"] as const;

export const CreateUserInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  name: z.string().trim().min(1, "Enter a name").max(120),
  role: z.enum(ROLE_VALUES),
  /** Empty means: generate one and show it once. */
  password: z
    .string()
    .max(200)
    .refine((p) => p === "" || p.length >= 10, "At least 10 characters, or leave empty to generate one")
    .optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;
/** A new account after the shape check at the edge (route, server action, CLI): what lib/users takes. */
export type CreateUserData = z.output<typeof CreateUserInput>;

export const UpdateUserInput = z.object({
  role: z.enum(ROLE_VALUES).optional(),
  active: z.boolean().optional(),
  password: z.string().min(10, "At least 10 characters").max(200).optional(),
});
export type UpdateUserInput = z.input<typeof UpdateUserInput>;
export type UpdateUserData = z.output<typeof UpdateUserInput>;

/** The users page's keyset cursor: the creation time and id of the last user shown (newest first). */
const USER_CURSOR =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The users page's query: a search in name or email, a role, active or not, and where the page starts. */
export const ListUsersQuery = z.object({
  q: z.string().trim().max(200).optional(),
  role: z.enum(ROLE_VALUES).optional(),
  status: z.enum(["active", "inactive"]).optional(),
  cursor: z
    .string()
    .regex(USER_CURSOR, "cursor must come from nextCursor")
    // The form is checked above; a time like 2026-13-45 has it and is still no time.
    .refine((cursor) => !Number.isNaN(Date.parse(cursor.split("_")[0]!)), "cursor must come from nextCursor")
    .optional(),
});
export type ListUsersQuery = z.output<typeof ListUsersQuery>;
