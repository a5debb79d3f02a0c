import { z } from "zod";

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
