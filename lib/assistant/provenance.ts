import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { levenshtein } from "@/lib/review/edit-distance";
import type { SubmittedProvenance } from "@/lib/tasks/sql/leasing";
import type { ModelDraftView } from "@/lib/review/response-view";

/**
 * Which model suggestion each submitted turn started from, and how much of it the labeler kept
 * (docs/formats.md, "Suggestion provenance"). The numbers are measured when the labeler submits a text
 * (the first submit, a resubmit after "revise", an edit before review) and stored beside the response;
 * the suggestion's text, model and parameters stay in its own row and are only referenced. A reviewer's
 * edit and its undo do not measure again: the numbers describe the labeler's own text.
 */

/** What a submit said about each turn: the suggestion it started from, or null. */
export type TurnSources = readonly (string | null)[];

/** A suggestion a submitted turn names, checked to belong to that task and turn. */
export type CheckedSource = { turn: number; suggestionId: string; content: string };

/** How far a submitted turn moved from its suggestion. */
export function measureRewrite(suggestion: string, submitted: string): { editDistance: number; shareKept: number } {
  const editDistance = levenshtein(suggestion, submitted);
  const length = Array.from(suggestion).length;
  // An empty suggestion offered nothing to keep; keeping it unchanged keeps all of it.
  const share = length === 0 ? (editDistance === 0 ? 1 : 0) : 1 - editDistance / length;
  return { editDistance, shareKept: Math.min(1, Math.max(0, share)) };
}

/**
 * Each named suggestion must be one the model wrote for this task and for that turn; anything else
 * (another task's, another turn's, an unknown id) is a 400 that names the turn, before anything is
 * written. The task itself is checked to be the actor's by the caller.
 */
export async function checkSources(taskId: string, sources: TurnSources): Promise<CheckedSource[]> {
  const named = sources.flatMap((id, turn) => (id === null ? [] : [{ turn, id }]));
  if (named.length === 0) return [];
  const ids = named.map((n) => n.id).filter(isUuid);
  const rows = ids.length
    ? await prisma.suggestion.findMany({
        where: { id: { in: ids }, taskId },
        select: { id: true, turn: true, content: true },
      })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues = named.flatMap(({ turn, id }) => {
    const row = byId.get(id.toLowerCase());
    return row && row.turn === turn
      ? []
      : [
          {
            path: sources.length === 1 ? ["suggestionId"] : ["turns", turn, "suggestionId"],
            message: `Turn ${turn + 1} names a suggestion that was not made for this task's turn ${turn + 1}`,
          },
        ];
  });
  if (issues.length > 0) throw new AppError("validation_error", "The suggestion is not one made for this turn", issues);
  return named.map(({ turn, id }) => {
    const row = byId.get(id.toLowerCase())!;
    return { turn, suggestionId: row.id, content: row.content };
  });
}

/**
 * The provenance rows of a first submit, measured before it: the submit function writes them with
 * the response, in its one statement (prisma/functions/leasing.sql). A turn the submit does not have
 * is left out (the function refuses such a submit anyway).
 */
export function measureSources(checked: readonly CheckedSource[], turns: readonly string[]): SubmittedProvenance[] {
  return checked
    .filter(({ turn }) => turn < turns.length)
    .map(({ turn, suggestionId, content }) => ({
      turn,
      suggestion: suggestionId,
      ...measureRewrite(content, turns[turn]!),
    }));
}

/**
 * Stores the provenance of a response's latest text, measured against that text. A revision that
 * names no suggestion for a turn keeps the one the turn started from (it grew out of it through
 * the earlier revision), measured again: the numbers always describe the text the response has.
 */
export async function recordProvenance(
  db: Prisma.TransactionClient,
  responseId: string,
  checked: readonly CheckedSource[],
  turns: readonly string[],
): Promise<void> {
  const earlier = await db.responseProvenance.findMany({
    where: { responseId },
    select: { turn: true, suggestionId: true, suggestion: { select: { content: true } } },
  });
  const byTurn = new Map<number, CheckedSource>();
  for (const e of earlier)
    byTurn.set(e.turn, { turn: e.turn, suggestionId: e.suggestionId, content: e.suggestion.content });
  for (const c of checked) byTurn.set(c.turn, c);
  if (byTurn.size === 0) return;
  await db.responseProvenance.deleteMany({ where: { responseId } });
  await db.responseProvenance.createMany({
    data: [...byTurn.values()]
      .filter(({ turn }) => turn < turns.length)
      .map(({ turn, suggestionId, content }) => ({
        responseId,
        turn,
        suggestionId,
        ...measureRewrite(content, turns[turn]!),
      })),
  });
}

/**
 * What reviewers see of a response's model drafts: per started turn, the suggestion beside the
 * labeler's text its numbers were measured on, which is the author's latest revision (up to
 * `upToRevision`, the one a second-opinion reviewer is shown). A reviewer's edit is a revision of
 * theirs, so it never shows as the labeler's change.
 */
export async function modelDraftsOf(
  responseId: string,
  upToRevision: number,
  revisions: ReadonlyArray<{ number: number; turns: string[]; by: "author" | "reviewer" }>,
): Promise<ModelDraftView[]> {
  const rows = await prisma.responseProvenance.findMany({
    where: { responseId },
    orderBy: { turn: "asc" },
    select: {
      turn: true,
      editDistance: true,
      shareKept: true,
      suggestion: { select: { id: true, model: true, content: true } },
    },
  });
  if (rows.length === 0) return [];
  const measured = revisions.filter((r) => r.by === "author" && r.number <= upToRevision).at(-1);
  return rows.map((r) => ({
    turn: r.turn,
    suggestionId: r.suggestion.id,
    model: r.suggestion.model,
    draft: r.suggestion.content,
    submitted: measured?.turns[r.turn] ?? "",
    revision: measured?.number ?? 0,
    editDistance: r.editDistance,
    shareKept: r.shareKept,
  }));
}
