import { z } from "zod";
import { RejectReasons, Rubric } from "@/lib/review/rubric";
import { TokenizerName } from "@/lib/tokenizer/encodings";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_GUIDELINES_CHARS = 200_000;

const settings = {
  responsesPerPrompt: z.coerce.number().int().min(1, "At least 1").max(20, "At most 20"),
  maxResponseTokens: z.coerce.number().int().min(1, "At least 1").max(128_000, "At most 128,000"),
  leaseMinutes: z.coerce.number().int().min(1, "At least 1 minute").max(10_080, "At most a week (10,080)"),
};

/** Review settings; docs/review.md explains what each does. */
const reviewSettings = {
  blindReview: z.boolean(),
  /** Authors see the rubric scores of their responses; decisions and comments they always see. */
  labelersSeeScores: z.boolean(),
  secondOpinionRate: z.coerce.number().min(0, "Between 0 and 1").max(1, "Between 0 and 1"),
  /** null goes back to the default rubric (lib/review/rubric.ts). */
  rubric: Rubric.nullable(),
  /** Empty means the default reasons. */
  rejectReasons: RejectReasons,
};

/**
 * The prompt metadata keys labelers may see with a task; the rest of a prompt's metadata (every
 * unknown key of the import) stays with reviewers and admins. Empty, the default, shows them none:
 * metadata often holds what a labeler must not see (sources, customers, reference answers).
 */
export const MAX_LABELER_METADATA_KEYS = 100;
export const LabelerMetadataKeys = z
  .array(z.string().trim().min(1, "A key cannot be empty").max(200, "At most 200 characters a key"))
  .max(MAX_LABELER_METADATA_KEYS, `At most ${MAX_LABELER_METADATA_KEYS} keys`)
  .transform((keys) => [...new Set(keys)]);

/** Who sees the project besides admins (lib/projects/access.ts): its members, or everyone by role. */
export const ProjectAccessInput = z.enum(["members", "everyone"]);
/** active; paused: no new claims; archived: read-only and left out of lists. */
export const ProjectStatusInput = z.enum(["active", "paused", "archived"]);

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
    .refine(
      (s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s),
      "A slug cannot look like an id",
    )
    .optional()
    .or(z.literal("").transform(() => undefined)),
  description: z.string().max(2000).default(""),
  guidelines,
  responsesPerPrompt: settings.responsesPerPrompt.default(1),
  maxResponseTokens: settings.maxResponseTokens.default(4096),
  leaseMinutes: settings.leaseMinutes.default(120),
  blindReview: reviewSettings.blindReview.default(false),
  labelersSeeScores: reviewSettings.labelersSeeScores.default(true),
  secondOpinionRate: reviewSettings.secondOpinionRate.default(0),
  rubric: reviewSettings.rubric.default(null),
  rejectReasons: reviewSettings.rejectReasons.default([]),
  labelerMetadataKeys: LabelerMetadataKeys.default([]),
  access: ProjectAccessInput.default("members"),
});
export type CreateProjectInput = z.input<typeof CreateProjectInput>;
/** A new project after the shape check at the edge, defaults filled in: what lib/projects takes. */
export type CreateProjectData = z.output<typeof CreateProjectInput>;

export const UpdateProjectInput = z.object({
  name: z.string().trim().min(1, "Give the project a name").max(120),
  description: z.string().max(2000),
  ...settings,
  /** The encoding token counts and the protocol view use (docs/workspace.md); left out, it stays as it is. */
  tokenizer: TokenizerName.optional(),
  // Optional even in a full update: the settings form predates them and leaves them as they are.
  blindReview: reviewSettings.blindReview.optional(),
  labelersSeeScores: reviewSettings.labelersSeeScores.optional(),
  secondOpinionRate: reviewSettings.secondOpinionRate.optional(),
  rubric: reviewSettings.rubric.optional(),
  rejectReasons: reviewSettings.rejectReasons.optional(),
  labelerMetadataKeys: LabelerMetadataKeys.optional(),
  access: ProjectAccessInput.optional(),
  status: ProjectStatusInput.optional(),
});
export type UpdateProjectInput = z.input<typeof UpdateProjectInput>;
/** Any of the settings, checked at the edge (a full form, the review settings, or a PATCH). */
export type UpdateProjectData = Partial<z.output<typeof UpdateProjectInput>>;

/**
 * The settings form's own shape: the metadata keys labelers see one a line (blank lines dropped),
 * a bad key reported on the field itself (the textarea), not on a line index the form cannot show.
 */
export const ProjectSettingsForm = UpdateProjectInput.extend({
  labelerMetadataKeys: z.string().transform((text, ctx) => {
    const parsed = LabelerMetadataKeys.safeParse(
      text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    );
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
    return z.NEVER;
  }),
});
export type ProjectSettingsFormValues = z.input<typeof ProjectSettingsForm>;

export const UpdateGuidelinesInput = z.object({ markdown: guidelines });
export type UpdateGuidelinesInput = z.input<typeof UpdateGuidelinesInput>;
export type UpdateGuidelinesData = z.output<typeof UpdateGuidelinesInput>;

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

/** The review settings as the admin's "Review settings" form saves them (a full set). */
export const ReviewSettingsInput = z.object(reviewSettings);
export type ReviewSettingsInput = z.input<typeof ReviewSettingsInput>;

/**
 * The form's own shape, mapped onto `ReviewSettingsInput`: the second-opinion rate as a
 * percentage, and the reject reasons one a line (blank lines dropped).
 */
export const ReviewSettingsForm = z
  .object({
    blindReview: z.boolean(),
    labelersSeeScores: z.boolean(),
    secondOpinionPercent: z.coerce
      .number("A number from 0 to 100")
      .min(0, "Between 0 and 100")
      .max(100, "Between 0 and 100"),
    rejectReasons: z
      .string()
      .transform((text) =>
        text
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
      )
      .pipe(RejectReasons),
    rubric: Rubric,
  })
  .transform(({ secondOpinionPercent, ...rest }) => ({
    ...rest,
    // Rounded so 7 % is 0.07, not 0.07000000000000001.
    secondOpinionRate: Math.round(secondOpinionPercent * 1000) / 100_000,
  }));
export type ReviewSettingsFormValues = z.input<typeof ReviewSettingsForm>;

/** `POST /api/v1/projects/{id}/members`: adds the user with this email, or changes their role. */
export const AddMemberInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  role: z.enum(["labeler", "reviewer"]),
});
export type AddMemberInput = z.output<typeof AddMemberInput>;

/** `DELETE /api/v1/projects/{id}?confirm=<slug>`: the slug, typed, to delete a project that has responses. */
export const DeleteProjectQuery = z.object({ confirm: z.string().optional() });

/** `GET /api/v1/projects?status=`: archived projects are listed only when asked for (`archived` or `all`). */
export const ListProjectsQuery = z.object({ status: z.union([ProjectStatusInput, z.literal("all")]).optional() });
