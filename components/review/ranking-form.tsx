"use client";

import { useState, useTransition } from "react";
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

/** Orders a prompt's responses best first with Move up / Move down buttons (no dragging), and saves. */
export function RankingForm({
  promptId,
  responses,
  saved,
}: {
  promptId: string;
  responses: Item[];
  saved: { responseIds: string[]; updatedAt: string } | null;
}) {
  const [order, setOrder] = useState(() => startingOrder(responses, saved?.responseIds));
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
    setMessage(`Response ${item!.letter} is now number ${to + 1}.`);
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
      const result = await rankResponsesAction(promptId, { responseIds: order.map((r) => r.id) });
      if (result.ok) {
        setSavedAt(result.data.updatedAt);
        setMessage("Ranking saved.");
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
          "Put the best response first. Nothing is saved until you press Save ranking."
        )}
      </p>
      <ol className={styles.ranking} aria-label="Ranking, best first">
        {order.map((r, i) => (
          <li key={r.id} className={styles.rank}>
            <span className={styles.place} aria-hidden="true">
              {i + 1}.
            </span>
            <span>
              <strong>Response {r.letter}</strong> <span className="small muted">by {r.author}</span>
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
