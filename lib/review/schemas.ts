import { z } from "zod";
import { UUID_PATTERN } from "@/lib/ids";
import { isoDateOrTime, seqCursor } from "@/lib/query-params";
import { searchText } from "@/lib/search/schemas";
import { PSEUDONYM_PATTERN } from "@/lib/users/pseudonym-format";
import type { RubricCriterion } from "@/lib/review/rubric";

export const RESPONSE_STATUSES = ["submitted", "accepted", "rejected", "needs_revision"] as const;
export const REVIEW_DECISIONS = ["accept", "reject", "revise", "edit"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

// MAX_TURN_CHARS of lib/tasks/schemas.ts, repeated rather than imported: that module brings the
// tokenizer, which the review form's bundle does not need. The server checks edits with it anyway.
const MAX_TURN_CHARS = 400_000;

/**
 * The review list's query. Every filter is allow-listed here and mapped to SQL by
 * lib/review/list-responses.ts; nothing from the query reaches a query shape directly.
 */
export const ListResponsesQuery = z.object({
  /** Default `submitted`, or `all` with `secondOpinion=pending`. */
  status: z.enum([...RESPONSE_STATUSES, "all"]).optional(),
  /** The author: a user id, or their pseudonym (the only form blind review accepts from reviewers). */
  labeler: z
    .string()
    .refine((s) => UUID_PATTERN.test(s) || PSEUDONYM_PATTERN.test(s), "A user id or a pseudonym (anon-…)")
    .optional(),
  prompt: z.string().regex(UUID_PATTERN, "A prompt id").optional(),
  guidelinesVersion: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  since: isoDateOrTime.optional(),
  until: isoDateOrTime.optional(),
  minScore: z.coerce.number().min(1).max(5).optional(),
  maxScore: z.coerce.number().min(1).max(5).optional(),
  secondOpinion: z.literal("pending").optional(),
  /** Words of the response's text, the external id of its prompt, or the id of the response or its prompt (lib/search). */
  q: searchText,
  cursor: seqCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListResponsesQuery = z.input<typeof ListResponsesQuery>;
/** The review list's query once parsed at the edge (parseQuery): what lib/review/list-responses.ts takes. */
export type ListResponsesFilter = z.output<typeof ListResponsesQuery>;

/**
 * A review decision as the API and the review form send it. The rules that depend on the
 * project (reasons, rubric) or on each other live in `reviewDecisionSchema`; the server checks
 * those after it knows the response can be decided, so "already reviewed" wins over "add a comment".
 */
export const ReviewInput = z
  .object({
    decision: z.enum(REVIEW_DECISIONS),
    comment: z.string().trim().max(5000).optional(),
    /** For `reject`: one of the project's reject reasons. */
    reason: z.string().trim().max(200).optional(),
    /** Rubric criterion key → 1..5. */
    scores: z
      .record(z.string().max(40), z.number().int().min(1, "Scores go from 1 to 5").max(5, "Scores go from 1 to 5"))
      .optional(),
    /** For `edit`: the reviewer's text, `editedContent` for one turn or `editedTurns` for every turn. */
    editedContent: z.string().max(MAX_TURN_CHARS).optional(),
    editedTurns: z.array(z.string().max(MAX_TURN_CHARS)).min(1).max(1000).optional(),
    /** Time from opening the response to deciding, as the review screen measured it. */
    durationMs: z.number().int().min(0).max(86_400_000).optional(),
    /**
     * The revision the reviewer read. Its author may change a response while it waits for review
     * (docs/workspace.md); a decision on a text the reviewer never saw is refused (409).
     */
    revision: z.number().int().min(1).optional(),
  })
  .strict();
export type ReviewInput = z.input<typeof ReviewInput>;
/** A review decision after the shape check at the edge (route or server action): what lib/review takes. */
export type ReviewRequest = z.output<typeof ReviewInput>;

export type ReviewSettings = { rubric: readonly RubricCriterion[]; rejectReasons: readonly string[] };

/** `ReviewInput` with the rules of one project; the output carries the edited text as `editedTurns`. */
export function reviewDecisionSchema(settings: ReviewSettings) {
  const criteria = new Set(settings.rubric.map((c) => c.key));
  return ReviewInput.superRefine((input, ctx) => {
    const { decision } = input;
    if ((decision === "reject" || decision === "revise") && !input.comment) {
      const what = decision === "reject" ? "what is wrong" : "what to change";
      ctx.addIssue({ code: "custom", path: ["comment"], message: `Say ${what} in a comment` });
    }
    if (decision === "reject" && !input.reason) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `Choose a reason: ${settings.rejectReasons.join(", ")}`,
      });
    } else if (decision === "reject" && !settings.rejectReasons.includes(input.reason!)) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `Choose one of: ${settings.rejectReasons.join(", ")}`,
      });
    } else if (decision !== "reject" && input.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "A reason goes with a rejection only" });
    }
    for (const key of Object.keys(input.scores ?? {})) {
      if (!criteria.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["scores", key],
          message: `Not a criterion of this project's rubric (${[...criteria].join(", ")})`,
        });
      }
    }
    const edited = (input.editedContent !== undefined ? 1 : 0) + (input.editedTurns !== undefined ? 1 : 0);
    if (decision === "edit" && edited !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["editedContent"],
        message: "An edit sends the new text as editedContent or editedTurns",
      });
    } else if (decision !== "edit" && edited > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["editedContent"],
        message: "Edited text goes with the edit decision only",
      });
    }
  }).transform(({ editedContent, editedTurns, ...rest }) => ({
    ...rest,
    comment: rest.comment || undefined,
    editedTurns: editedTurns ?? (editedContent !== undefined ? [editedContent] : undefined),
  }));
}

/**
 * `POST /prompts/{id}/ranking`: the prompt's responses, best first, and optionally `ranks`, the
 * place of each (1 = best; equal places are a tie). Ranks start at 1, follow the order of
 * `responseIds` and go up by at most one: `[1, 2, 2, 3]`. Without them, every response has a place
 * of its own, as before ties existed.
 */
export const RankingInput = z
  .object({
    responseIds: z
      .array(z.string().regex(UUID_PATTERN, "A response id"))
      .min(2, "Rank at least two responses")
      .max(100)
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, "Each response once"),
    ranks: z.array(z.number().int().min(1).max(100)).max(100).optional(),
  })
  .strict()
  .superRefine(({ responseIds, ranks }, ctx) => {
    if (!ranks) return;
    if (ranks.length !== responseIds.length) {
      ctx.addIssue({ code: "custom", path: ["ranks"], message: "One rank for each response id" });
      return;
    }
    ranks.forEach((rank, i) => {
      const previous = i === 0 ? 0 : ranks[i - 1]!;
      if (rank !== previous && rank !== previous + 1) {
        ctx.addIssue({
          code: "custom",
          path: ["ranks", i],
          message: "Ranks start at 1, follow responseIds best first and go up by one (equal for a tie)",
        });
      }
    });
  });
export type RankingInput = z.input<typeof RankingInput>;
export type RankingRequest = z.output<typeof RankingInput>;

/** Dense places (1, 2, 2, 3) for `count` responses: the ranks given, or one place each. */
export function placesOf(count: number, ranks: readonly number[] | undefined): number[] {
  return ranks && ranks.length === count ? [...ranks] : Array.from({ length: count }, (_, i) => i + 1);
}
