import { z } from "zod";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_GUIDELINES_CHARS = 200_000;

const settings = {
  responsesPerPrompt: z.coerce.number().int().min(1, "At least 1").max(20, "At most 20"),
  maxResponseTokens: z.coerce.number().int().min(1, "At least 1").max(128_000, "At most 128,000"),
  leaseMinutes: z.coerce.number().int().min(1, "At least 1 minute").max(10_080, "At most a week (10,080)"),
};

const guidelines = z
  .string()
  .max(MAX_GUIDELINES_CHARS, `At most ${MAX_GUIDELINES_CHARS.toLocaleString("en")} characters`)
  .refine((s) => s.trim().length > 0, "Write the guidelines labelers will follow");

/** Used by the admin form and by `POST /api/v1/projects`. */
export const CreateProjectInput = z.object({
  name: z.string().trim().min(1, "Give the project a name").max(120),
  slug: z
    .string()
    .trim()
    .max(60)
    .regex(SLUG_PATTERN, "Lower-case letters, digits and single dashes")
    // Project URLs take an id or a slug; a slug shaped like an id could never be found.
    .refine((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s), "A slug cannot look like an id")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  description: z.string().max(2000).default(""),
  guidelines,
  responsesPerPrompt: settings.responsesPerPrompt.default(1),
  maxResponseTokens: settings.maxResponseTokens.default(4096),
  leaseMinutes: settings.leaseMinutes.default(120),
});
export type CreateProjectInput = z.input<typeof CreateProjectInput>;

export const UpdateProjectInput = z.object({
  name: z.string().trim().min(1, "Give the project a name").max(120),
  description: z.string().max(2000),
  ...settings,
});
export type UpdateProjectInput = z.input<typeof UpdateProjectInput>;

export const UpdateGuidelinesInput = z.object({ markdown: guidelines });
export type UpdateGuidelinesInput = z.input<typeof UpdateGuidelinesInput>;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "project";
}
