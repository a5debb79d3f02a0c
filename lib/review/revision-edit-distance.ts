import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { turnsEditDistance } from "@/lib/review/edit-distance";
import { firstRevisionTurns } from "@/lib/review/sql/edit-distance";

/** What a response stores about how far its current text is from the first (decision 021). */
export type EditDistanceFields = { editDistance: number | null; reviewerEdited: boolean };

/**
 * The stored edit-distance fields of a response whose current text becomes revision `number` with `turns`:
 * the normalised edit distance from revision 1 (lib/review/edit-distance.ts, the one definition analytics
 * reads), null at revision 1, and whether that text is a reviewer's. Every write of a revision (the author's
 * resubmit or edit, a reviewer's edit, the undo of an edit) stores them in its own transaction, so analytics
 * never computes a distance per view.
 */
export async function editDistanceFields(
  tx: Prisma.TransactionClient,
  responseId: string,
  number: number,
  turns: readonly string[],
  byReviewer: boolean,
): Promise<EditDistanceFields> {
  if (number <= 1) return { editDistance: null, reviewerEdited: false };
  const first = (await firstRevisionTurns(tx, responseId)) as string[] | undefined;
  return editDistanceFrom(first, number, turns, byReviewer);
}

/** `editDistanceFields` for a caller that read revision 1's text (`first`) itself. */
export function editDistanceFrom(
  first: readonly string[] | null | undefined,
  number: number,
  turns: readonly string[],
  byReviewer: boolean,
): EditDistanceFields {
  if (number <= 1) return { editDistance: null, reviewerEdited: false };
  return { editDistance: first ? turnsEditDistance(first, turns) : null, reviewerEdited: byReviewer };
}
