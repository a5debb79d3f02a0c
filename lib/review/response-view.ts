import type { Prisma } from "@/generated/prisma/client";
import type { PromptMessage } from "@/lib/conversation/types";

export const responseSelect = {
  id: true,
  seq: true,
  taskId: true,
  projectId: true,
  promptId: true,
  status: true,
  turns: true,
  tokenCount: true,
  revision: true,
  secondOpinion: true,
  submittedAt: true,
  updatedAt: true,
  author: { select: { id: true, name: true } },
  guidelines: { select: { version: true } },
  prompt: { select: { externalId: true } },
} as const;

/**
 * A response as `responseSelect` reads it: the one definition of what a response view is made from.
 * The named SQL read of the same shape (lib/review/sql/response-view.ts, for the submit's hot path)
 * returns this type, and its test compares the two reads.
 */
export type SelectedResponse = Prisma.ResponseGetPayload<{ select: typeof responseSelect }>;

/** A user as one viewer may see them: under blind review, `id` is null and `name` a pseudonym. */
export type Person = { id: string | null; name: string };
export type ShowPerson = (person: { id: string; name: string }) => Person;
const asIs: ShowPerson = (person) => person;

export type ResponseView = {
  id: string;
  taskId: string;
  projectId: string;
  promptId: string;
  externalId: string | null;
  /**
   * The response's status. A reviewer who is to give a second opinion sees `submitted` until
   * they have decided, so the first decision cannot sway them (docs/review.md).
   */
  status: string;
  turns: string[];
  /** The text when the task had one turn to write, the common case. */
  content?: string;
  tokenCount: number;
  /** The number of the revision `turns` holds; 1 is the first submit. */
  revision: number;
  /** Chosen for a second, independent review. */
  secondOpinion: boolean;
  author: Person;
  guidelinesVersion: number | null;
  submittedAt: Date;
  updatedAt: Date;
};

export function toResponseView(r: SelectedResponse, show: ShowPerson = asIs): ResponseView {
  const turns = r.turns as string[];
  return {
    id: r.id,
    taskId: r.taskId,
    projectId: r.projectId,
    promptId: r.promptId,
    externalId: r.prompt.externalId,
    status: r.status,
    turns,
    ...(turns.length === 1 ? { content: turns[0] } : {}),
    tokenCount: r.tokenCount,
    revision: r.revision,
    secondOpinion: r.secondOpinion,
    author: show(r.author),
    guidelinesVersion: r.guidelines?.version ?? null,
    submittedAt: r.submittedAt,
    updatedAt: r.updatedAt,
  };
}

/** A response as the review list shows it. */
export type ResponseListItem = ResponseView & {
  /** Mean of the latest decision's rubric scores; null without scores, or while hidden for a second opinion. */
  score: number | null;
};

export type RevisionView = {
  number: number;
  turns: string[];
  author: Person;
  /** `reviewer` for a reviewer's edit (the final text), `author` for the author's submits. */
  by: "author" | "reviewer";
  createdAt: Date;
};

export type ReviewView = {
  id: string;
  decision: string;
  comment: string | null;
  reason: string | null;
  scores: Record<string, number> | null;
  /** The revision the review judged. */
  revision: number;
  secondOpinion: boolean;
  durationMs: number | null;
  reviewer: Person;
  createdAt: Date;
};

/**
 * A turn that started from a model suggestion, as reviewers see it: the suggestion's text and model,
 * the labeler's text its numbers were measured on (the author's latest revision: a reviewer's edit is
 * not measured), and the numbers (docs/formats.md "Suggestion provenance").
 */
export type ModelDraftView = {
  /** The slot, from 0. */
  turn: number;
  suggestionId: string;
  model: string;
  /** The suggestion's text. */
  draft: string;
  /** The labeler's text of that turn the numbers describe. */
  submitted: string;
  /** The revision `submitted` is from: the author's latest. */
  revision: number;
  editDistance: number;
  shareKept: number;
};

export type ResponseDetail = ResponseView & {
  conversation: { messages: PromptMessage[] };
  revisions: RevisionView[];
  reviews: ReviewView[];
  /** Each turn that started from a model suggestion, by turn; `[]` when none did. */
  modelDrafts: ModelDraftView[];
  /** What the caller may do now: decide, give the second opinion, or nothing. */
  canReview: "decision" | "second_opinion" | null;
};
