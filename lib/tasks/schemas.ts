import { z } from "zod";
import { turnFits } from "@/lib/conversation/tokens";

/** A draft may hold up to this much text per turn; far beyond any token limit, it only stops abuse. */
export const MAX_TURN_CHARS = 400_000;

/** Writing time the editor measured (docs/workspace.md); a week caps a broken clock. */
const ActiveMs = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);

/** What the editor sends along with the text: its active time, and the draft it started from. */
const writingFacts = {
  activeMs: ActiveMs.optional(),
  /**
   * The `updatedAt` of the server draft this text was written on (null: none yet). When the
   * server holds a newer draft (another device), the save is refused instead of overwriting it.
   */
  baseUpdatedAt: z.iso.datetime().nullable().optional(),
};

/**
 * `{content}` is shorthand for a task with one turn to write; `{turns}` names every turn.
 * `extra`: what one endpoint takes besides (the submit's `next`).
 */
function turnsOrContentWith<E extends z.ZodRawShape>(extra: E) {
  return z.union([
    z.object({ turns: z.array(z.string().max(MAX_TURN_CHARS)).min(1), ...writingFacts, ...extra }).strict(),
    z.object({ content: z.string().max(MAX_TURN_CHARS), ...writingFacts, ...extra }).strict(),
  ]);
}
const turnsOrContent = turnsOrContentWith({});

export function toTurns(input: { turns: string[] } | { content: string }): string[] {
  return "turns" in input ? input.turns : [input.content];
}

/** A submitted turn: its text, or its text and the model suggestion it started from (docs/api.md). */
const SubmittedTurn = z.union([
  z.string().max(MAX_TURN_CHARS),
  z.object({ content: z.string().max(MAX_TURN_CHARS), suggestionId: z.string().max(64).optional() }).strict(),
]);

/** turnsOrContentWith for a submitted text, whose turns may each name their suggestion. */
function submittedTurnsWith<E extends z.ZodRawShape>(extra: E) {
  return z.union([
    z.object({ turns: z.array(SubmittedTurn).min(1), ...writingFacts, ...extra }).strict(),
    z
      .object({
        content: z.string().max(MAX_TURN_CHARS),
        suggestionId: z.string().max(64).optional(),
        ...writingFacts,
        ...extra,
      })
      .strict(),
  ]);
}

/** The texts, and beside them the suggestion each turn started from (null: none named). */
type Submitted = { turns: z.infer<typeof SubmittedTurn>[] } | { content: string; suggestionId?: string };
function toSubmitted(input: Submitted): { turns: string[]; suggestionIds: (string | null)[] } {
  const turns = "turns" in input ? input.turns : [{ content: input.content, suggestionId: input.suggestionId }];
  return {
    turns: turns.map((t) => (typeof t === "string" ? t : t.content)),
    suggestionIds: turns.map((t) => (typeof t === "string" ? null : (t.suggestionId ?? null))),
  };
}

export const SaveDraftInput = turnsOrContent.transform((input) => ({
  turns: toTurns(input),
  activeMs: input.activeMs,
  baseUpdatedAt: input.baseUpdatedAt === undefined ? undefined : input.baseUpdatedAt && new Date(input.baseUpdatedAt),
}));
export type SaveDraftInput = z.infer<typeof SaveDraftInput>;

/**
 * The one schema of a submitted response, used by the writing form (zodResolver) and by the
 * submit endpoint: one non-empty turn per slot, each within the project's token limit.
 * Counting costs time in the text's length, so tokens are counted only when the number of turns is
 * right, and each turn only against the limit (turnFits: a turn too long for it is not counted).
 */
export function submitResponseSchema(limits: { slotCount: number; maxResponseTokens: number }) {
  const overLimit = `Keep each response within ${limits.maxResponseTokens.toLocaleString("en")} tokens`;
  return z.object({
    turns: z
      .array(
        z
          .string()
          .max(MAX_TURN_CHARS)
          .refine((t) => t.trim().length > 0, "Write the response before submitting"),
      )
      .length(limits.slotCount, `This task has ${limits.slotCount} turn(s) to write`)
      .superRefine((turns, ctx) => {
        if (turns.length !== limits.slotCount) return;
        turns.forEach((t, i) => {
          if (t.trim().length > 0 && !turnFits(t, limits.maxResponseTokens))
            ctx.addIssue({ code: "custom", path: [i], message: overLimit });
        });
      }),
  });
}
export type SubmitResponseInput = z.infer<ReturnType<typeof submitResponseSchema>>;

/** `next: true` asks for the labeler's next task in the same answer (docs/api.md "submit"). */
export const SubmitRequest = submittedTurnsWith({ next: z.boolean().optional() }).transform((input) => ({
  ...toSubmitted(input),
  activeMs: input.activeMs,
  next: input.next === true,
}));
export type SubmitRequest = z.infer<typeof SubmitRequest>;

/** The author's change to a response still waiting for review: the next revision. */
export const EditResponseInput = submittedTurnsWith({}).transform((input) => ({
  ...toSubmitted(input),
  activeMs: input.activeMs,
}));
export type EditResponseInput = z.infer<typeof EditResponseInput>;

export const AcknowledgeGuidelinesInput = z.object({ version: z.number().int().min(1) }).strict();
export type AcknowledgeGuidelinesInput = z.infer<typeof AcknowledgeGuidelinesInput>;

export const SkipTaskInput = z.object({ reason: z.string().trim().max(1000).optional() }).strict();
export type SkipTaskInput = z.infer<typeof SkipTaskInput>;
