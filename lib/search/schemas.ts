import { z } from "zod";
import { isoDateOrTime, seqCursor } from "@/lib/query-params";

/**
 * What `q` searches (docs/api.md "Search"): the words of the text (PostgreSQL's web search syntax:
 * `"a phrase"`, `or`, `-word`), an external id exactly or by its start, or an id.
 */
export const searchText = z
  .string()
  .trim()
  .max(200, "At most 200 characters")
  .optional()
  .transform((s) => s || undefined);

/**
 * The status filter of the prompts list: `unanswered` has no response yet; a response status keeps the
 * prompts with at least one response in it.
 */
export const PROMPT_STATUSES = ["unanswered", "submitted", "needs_revision", "accepted", "rejected"] as const;
export type PromptStatusFilter = (typeof PROMPT_STATUSES)[number];

/** `GET /projects/{id}/prompts`: every key allow-listed here, each mapped to one condition by lib/search. */
export const SearchPromptsQuery = z
  .object({
    q: searchText,
    status: z.enum(PROMPT_STATUSES).optional(),
    /** Imported at or after / before. */
    since: isoDateOrTime.optional(),
    until: isoDateOrTime.optional(),
    cursor: seqCursor.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type SearchPromptsQuery = z.input<typeof SearchPromptsQuery>;
export type SearchPromptsRequest = z.output<typeof SearchPromptsQuery>;
