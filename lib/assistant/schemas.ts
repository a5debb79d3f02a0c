import { z } from "zod";
import { UUID_PATTERN } from "@/lib/ids";

export const ASSISTANT_MODES = ["draft", "compare"] as const;
export type AssistantMode = (typeof ASSISTANT_MODES)[number];

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_CANDIDATES = 4;
/** Calls at once to a connection's model while suggestions are generated ahead of the labelers. */
export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 64;

/**
 * The base URL is copied into every suggestion's recorded parameters, the export metadata and the audit log, so
 * it must hold no secret: no user name or password, no query string (`?key=…`), no fragment. A key goes in `apiKey`.
 */
function isEndpointUrl(value: string): boolean {
  // Tested on the text too: the URL parser drops an empty `?` or `#`.
  if (!URL.canParse(value) || /[?#]/.test(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
}

/**
 * `PUT /api/v1/projects/{id}/assistant`: the whole connection but its key. `apiKey` omitted keeps the stored key,
 * `null` removes it, a string replaces it. `candidates` is 1 in draft mode and 2–4 (default 2) in compare mode.
 */
export const PutAssistantInput = z
  .object({
    baseUrl: z
      .string()
      .trim()
      .max(2000)
      .refine(
        isEndpointUrl,
        "Must be an http:// or https:// URL without a user name, password, ?query or #fragment (a key goes in apiKey)",
      ),
    model: z.string().trim().min(1, "Name the model").max(200),
    apiKey: z
      .string()
      .trim()
      .min(1, "Omit apiKey to keep the stored key, or send null to remove it")
      .max(4096)
      .regex(/^[\x21-\x7e]+$/, "An API key is printable ASCII without spaces")
      .nullable()
      .optional(),
    mode: z.enum(ASSISTANT_MODES),
    candidates: z.number().int().min(1).max(MAX_CANDIDATES).optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
    systemPrompt: z.string().max(100_000).nullable().optional(),
    timeoutSeconds: z.number().int().min(1).max(600).optional(),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.mode === "draft" && input.candidates !== undefined && input.candidates !== 1)
      ctx.addIssue({ code: "custom", path: ["candidates"], message: "Draft mode offers one suggestion" });
    if (input.mode === "compare" && input.candidates !== undefined && input.candidates < 2)
      ctx.addIssue({ code: "custom", path: ["candidates"], message: "Compare mode offers 2 to 4 suggestions" });
  })
  .transform((input) => ({
    ...input,
    candidates: input.candidates ?? (input.mode === "compare" ? 2 : 1),
    temperature: input.temperature ?? null,
    maxTokens: input.maxTokens ?? null,
    systemPrompt: input.systemPrompt || null,
    timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    concurrency: input.concurrency ?? DEFAULT_CONCURRENCY,
  }));
export type PutAssistantInput = z.output<typeof PutAssistantInput>;

/** `POST /api/v1/tasks/{id}/suggestions`: which turn, from 0; the first open one when omitted. */
export const SuggestionsInput = z.object({ turn: z.number().int().min(0).max(999).optional() }).strict();
export type SuggestionsInput = z.infer<typeof SuggestionsInput>;

/**
 * `PUT /api/v1/tasks/{id}/candidate-ranking` (compare mode): the candidates of one request for suggestions, best
 * first, with `ranks` as in a reviewer's ranking (1 = best, equal for a tie, up by at most one; omitted: one place
 * each), and `displayOrder`, the same ids in the order the screen showed them. Whether the ids are exactly that
 * task's candidates is checked against the database (lib/assistant/candidate-ranking.ts).
 */
export const CandidateRankingInput = z
  .object({
    suggestionIds: z
      .array(z.string().regex(UUID_PATTERN, "A suggestion id"))
      .min(2, "Rank at least two candidates")
      .max(MAX_CANDIDATES)
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, "Each candidate once"),
    ranks: z.array(z.number().int().min(1).max(MAX_CANDIDATES)).max(MAX_CANDIDATES).optional(),
    displayOrder: z.array(z.string().regex(UUID_PATTERN, "A suggestion id")).max(MAX_CANDIDATES),
  })
  .strict()
  .superRefine(({ suggestionIds, ranks, displayOrder }, ctx) => {
    const ranked = [...suggestionIds].map((id) => id.toLowerCase()).sort();
    const shown = [...displayOrder].map((id) => id.toLowerCase()).sort();
    if (JSON.stringify(ranked) !== JSON.stringify(shown))
      ctx.addIssue({
        code: "custom",
        path: ["displayOrder"],
        message: "The ranked ids, each once, as they were shown",
      });
    if (!ranks) return;
    if (ranks.length !== suggestionIds.length) {
      ctx.addIssue({ code: "custom", path: ["ranks"], message: "One rank for each suggestion id" });
      return;
    }
    ranks.forEach((rank, i) => {
      const previous = i === 0 ? 0 : ranks[i - 1]!;
      if (rank !== previous && rank !== previous + 1)
        ctx.addIssue({
          code: "custom",
          path: ["ranks", i],
          message: "Ranks start at 1, follow suggestionIds best first and go up by one (equal for a tie)",
        });
    });
  })
  .transform(({ suggestionIds, ranks, displayOrder }) => ({
    suggestionIds: suggestionIds.map((id) => id.toLowerCase()),
    ranks: ranks ?? suggestionIds.map((_, i) => i + 1),
    displayOrder: displayOrder.map((id) => id.toLowerCase()),
  }));
export type CandidateRankingInput = z.input<typeof CandidateRankingInput>;
export type CandidateRankingRequest = z.output<typeof CandidateRankingInput>;
