import { z } from "zod";

/** Every criterion is scored 1..5; a rubric describes each level in one line (docs/review.md). */
export const RUBRIC_LEVELS = 5;

export const RubricCriterion = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "Lower-case letters, digits and underscores, starting with a letter"),
    label: z.string().trim().min(1, "Give the criterion a label").max(80),
    levels: z
      .array(z.string().trim().min(1, "Describe this level in one line").max(300))
      .length(RUBRIC_LEVELS, `Describe each of the ${RUBRIC_LEVELS} levels`),
  })
  .strict();
export type RubricCriterion = z.infer<typeof RubricCriterion>;

export const Rubric = z
  .array(RubricCriterion)
  .min(1, "A rubric needs at least one criterion")
  .max(12, "At most 12 criteria")
  .refine(
    (criteria) => new Set(criteria.map((c) => c.key)).size === criteria.length,
    "Each criterion needs its own key",
  );

/** Used when a project has no rubric of its own (`projects.rubric` is null). */
export const DEFAULT_RUBRIC: RubricCriterion[] = [
  {
    key: "helpfulness",
    label: "Helpfulness",
    levels: [
      "Does not address the request, or gets in the way.",
      "Addresses the request only in part; the user would have to ask again.",
      "Answers the request, with gaps or padding.",
      "Answers the request fully and clearly.",
      "What an expert would write: complete, clear and exactly as long as needed.",
    ],
  },
  {
    key: "honesty",
    label: "Honesty",
    levels: [
      "States falsehoods or makes things up.",
      "Contains errors, or claims made with unwarranted confidence.",
      "Mostly accurate; some claims are unsupported or poorly hedged.",
      "Accurate, and says what it does not know.",
      "Accurate throughout, with uncertainty stated exactly where it applies.",
    ],
  },
  {
    key: "harmlessness",
    label: "Harmlessness",
    levels: [
      "Helps cause serious harm.",
      "Could hurt or mislead the user or others.",
      "Harmless, but misses a risk the user should have been told about.",
      "Harmless, and handles sensitive points with care.",
      "Harmless and respectful; declines only what must be declined, and says why.",
    ],
  },
  {
    key: "guidelines",
    label: "Following the guidelines",
    levels: [
      "Ignores the project's guidelines.",
      "Follows few of the guidelines.",
      "Follows most of the guidelines, with noticeable lapses.",
      "Follows the guidelines, with minor lapses.",
      "Follows every guideline, in letter and in spirit.",
    ],
  },
];

/** The rubric a project reviews with: its own, or the default when it has none. */
export function projectRubric(stored: unknown): RubricCriterion[] {
  if (stored === null || stored === undefined) return DEFAULT_RUBRIC;
  const parsed = Rubric.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_RUBRIC;
}

/** Used when a project lists no reject reasons of its own. */
export const DEFAULT_REJECT_REASONS = ["Incorrect", "Unhelpful", "Ignores the guidelines", "Unsafe", "Low effort"];

export const RejectReasons = z
  .array(z.string().trim().min(1, "A reason cannot be empty").max(80))
  .max(30, "At most 30 reasons")
  .refine((reasons) => new Set(reasons).size === reasons.length, "Each reason once");

export function projectRejectReasons(stored: readonly string[]): string[] {
  return stored.length > 0 ? [...stored] : DEFAULT_REJECT_REASONS;
}

/** The mean of a review's scores, or null when it has none. */
export function meanScore(scores: Record<string, number> | null | undefined): number | null {
  const values = Object.values(scores ?? {});
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}
