"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import { rankResponsesAction } from "@/app/(app)/review/actions";
import styles from "./response-columns.module.css";

type Item = { id: string; letter: string; author: string };

/** The saved order, with responses it does not know (new since) at the end. */
function startingOrder(responses: Item[], saved: string[] | undefined): Item[] {
  if (!saved) return responses;
  const byId = new Map(responses.map((r) => [r.id, r]));
  const ranked = saved.flatMap((id) => byId.get(id) ?? []);
  return [...ranked, ...responses.filter((r) => !saved.includes(r.id))];
}

/** The tie marks of a saved ranking: a response whose place equals the one above it is tied with it. */
function startingTies(saved: { responseIds: string[]; ranks?: number[] } | null): Set<string> {
  const ranks = saved?.ranks;
  if (!saved || !ranks) return new Set();
  return new Set(saved.responseIds.filter((_, i) => i > 0 && ranks[i] === ranks[i - 1]));
}

/**
 * Orders a prompt's responses best first with Move up / Move down buttons (no dragging), any of
 * them tied with the one above ("as good as"), and saves. `afterSave`: where to go once saved (the
 * ranking queue's next prompt), instead of staying.
 */
export function RankingForm({
  promptId,
  responses,
  saved,
  afterSave,
}: {
  promptId: string;
  responses: Item[];
  saved: { responseIds: string[]; ranks?: number[]; updatedAt: string } | null;
  afterSave?: string;
}) {
  const router = useRouter();
  const [order, setOrder] = useState(() => startingOrder(responses, saved?.responseIds));
  const [tied, setTied] = useState(() => startingTies(saved));
  // Dense places, best first: a response tied with the one above shares its place.
  const places: number[] = [];
  order.forEach((r, i) => places.push(i === 0 ? 1 : places[i - 1]! + (tied.has(r.id) ? 0 : 1)));
  const toggleTie = (item: Item) => {
    const next = new Set(tied);
    if (next.has(item.id)) next.delete(item.id);
    else next.add(item.id);
    setTied(next);
  };
  const [savedAt, setSavedAt] = useState(saved?.updatedAt ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    setOrder(next);
    setMessage(`Response ${item!.letter} is now in position ${to + 1}.`);
    // Keep the focus on the moved item's button, or its other one at either end of the list.
    requestAnimationFrame(() => {
      const direction = to < from ? "up" : "down";
      const button =
        document.getElementById(`move-${direction}-${item!.id}`) ??
        document.getElementById(`move-${direction === "up" ? "down" : "up"}-${item!.id}`);
      (button as HTMLButtonElement | null)?.focus();
    });
  };

  const save = () => {
    setError(null);
    setMessage(null);
    startTransition(async () => {
      const result = await rankResponsesAction(promptId, { responseIds: order.map((r) => r.id), ranks: places });
      if (result.ok) {
        setSavedAt(result.data.updatedAt);
        setMessage("Ranking saved.");
        if (afterSave) router.push(afterSave);
      } else {
        setError([result.formError, ...Object.values(result.fieldErrors)].filter(Boolean).join(" "));
      }
    });
  };

  return (
    <div className="stack">
      <p className="small muted">
        {savedAt ? (
          <>
            You saved a ranking <LocalTime value={savedAt} />; it is shown below. Change it and save again to replace
            it.
          </>
        ) : (
          "Put the best response first; mark a response as tied when it is as good as the one above. Nothing is saved until you press Save ranking."
        )}
      </p>
      <ol className={styles.ranking} aria-label="Ranking, best first">
        {order.map((r, i) => (
          <li key={r.id} className={styles.rank}>
            <span className={styles.place} aria-hidden="true">
              {places[i]}.
            </span>
            <span className={styles.rankText}>
              <strong>Response {r.letter}</strong> <span className="small muted">by {r.author}</span>
              {i > 0 && (
                <label className={styles.tie}>
                  <input type="checkbox" checked={tied.has(r.id)} onChange={() => toggleTie(r)} /> Tied with{" "}
                  {order[i - 1]!.letter}
                </label>
              )}
              <span className="visually-hidden">, place {places[i]}</span>
            </span>
            <span className={styles.moves}>
              {i > 0 && (
                <button
                  type="button"
                  id={`move-up-${r.id}`}
                  className="button button-small"
                  aria-label={`Move response ${r.letter} up`}
                  onClick={() => move(i, i - 1)}
                >
                  ↑ Up
                </button>
              )}
              {i < order.length - 1 && (
                <button
                  type="button"
                  id={`move-down-${r.id}`}
                  className="button button-small"
                  aria-label={`Move response ${r.letter} down`}
                  onClick={() => move(i, i + 1)}
                >
                  ↓ Down
                </button>
              )}
            </span>
          </li>
        ))}
      </ol>
      <FormError message={error} />
      <FormSuccess message={message} />
      <div>
        <button type="button" className="button button-primary" onClick={save} disabled={pending}>
          {pending ? "Saving…" : "Save ranking"}
        </button>
      </div>
    </div>
  );
}
