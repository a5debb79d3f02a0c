"use client";

import { useEffect, useId, useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import { Markdown } from "@/components/markdown";
import type { Candidate, CandidateBatch, CompareState } from "./use-compare-candidates";
import styles from "./compare-candidates.module.css";

type Props = {
  batch: CandidateBatch | null;
  state: CompareState;
  complete: boolean;
  unsaved: boolean;
  slotCount: number;
  /** The suggestion the batch's turn now starts from, when it is one of these candidates. */
  startedFrom: string | null;
  /** The editor is read-only (another tab, unread guidelines, a submit on its way). */
  disabled: boolean;
  onRequest: () => void;
  onStop: () => void;
  onPlace: (id: string, place: number | null) => void;
  onSave: () => void;
  onStart: (candidate: Candidate) => void;
  /** The labeler emptied the turn: it no longer starts from a candidate. */
  onForget: (turn: number) => void;
};

/** Neutral names for the positions, so a name says nothing about a candidate's rank. */
const LETTERS = ["A", "B", "C", "D"];
const ORDINALS = ["1st", "2nd", "3rd", "4th"];

/**
 * Compare mode (docs/workspace.md "Comparing a model's candidates"): the candidates side by side (stacked on a
 * narrow screen) in a random order, a place for each (1 = best; the same place twice is a tie), then "Start from
 * this one" puts a candidate in the editor. Ranking is optional: the labeler may write and submit without it.
 */
export function CompareCandidates(props: Props) {
  const { batch, state, complete, unsaved, slotCount, startedFrom, disabled } = props;
  const titleId = useId();
  const { control } = useFormContext<SubmitResponseInput>();
  const turns = useWatch({ control, name: "turns" }) ?? [];
  const text = batch ? (turns[batch.turn] ?? "") : "";
  const [confirming, setConfirming] = useState<string | null>(null);
  const loading = state.kind === "loading";
  const { onForget } = props;
  useEffect(() => {
    if (batch && startedFrom !== null && !text.trim()) onForget(batch.turn);
  }, [batch, startedFrom, text, onForget]);

  const start = (candidate: Candidate) => {
    // Text the labeler wrote or changed is not replaced without asking.
    const own = text.trim().length > 0 && !batch?.shown.some((c) => c.content === text);
    if (own) return setConfirming(candidate.id);
    props.onStart(candidate);
  };

  return (
    <section className={styles.panel} aria-labelledby={titleId}>
      <div className={styles.head}>
        <h2 id={titleId} className={styles.title}>
          Compare the model's answers
          {batch && slotCount > 1 ? ` for turn ${batch.turn + 1}` : ""}
        </h2>
        {loading ? (
          <>
            <span role="status" className={styles.muted}>
              The model is writing its candidates…
            </span>
            <button type="button" className="button button-small" onClick={props.onStop}>
              Stop
            </button>
          </>
        ) : (
          <button type="button" className="button button-small" onClick={props.onRequest} disabled={disabled}>
            {batch ? "Get new candidates" : "Get candidates"}
          </button>
        )}
      </div>
      {state.kind === "failed" && (
        <p className={styles.error} role="alert">
          {state.message}
        </p>
      )}
      {!batch && !loading && state.kind !== "failed" && (
        <p className={styles.muted}>
          The model writes several answers side by side. Rank them, then start from the best, or write your own below.
        </p>
      )}
      {batch && (
        <>
          <p className={styles.muted}>
            Give each a place (1 = best; the same place for two is a tie), then start from one, or write your own below.
            Ranking is optional.
          </p>
          <ol className={styles.grid} aria-label="Candidates">
            {batch.shown.map((candidate, index) => {
              const name = `Candidate ${LETTERS[index]}`;
              const inEditor = startedFrom === candidate.id;
              return (
                <li key={candidate.id} className={`${styles.card} ${inEditor ? styles.chosen : ""}`}>
                  <div className={styles.cardHead}>
                    <h3 className={styles.cardTitle}>{name}</h3>
                    <label className={styles.place}>
                      Place
                      <select
                        value={batch.places[candidate.id] ?? ""}
                        onChange={(e) => props.onPlace(candidate.id, e.target.value ? Number(e.target.value) : null)}
                        disabled={disabled}
                        aria-label={`Place of ${name}`}
                      >
                        <option value="">–</option>
                        {batch.shown.map((_, place) => (
                          <option key={ORDINALS[place]} value={place + 1}>
                            {ORDINALS[place]}
                          </option>
                        ))}
                      </select>
                    </label>
                  </div>
                  {/* A long candidate scrolls on its own: tabIndex lets the keys reach it. */}
                  <div className={styles.body} role="region" aria-label={`${name} text`} tabIndex={0}>
                    <Markdown>{candidate.content}</Markdown>
                  </div>
                  <div className={styles.cardActions}>
                    {confirming === candidate.id ? (
                      <>
                        <span className={styles.muted}>Replace your text in the editor?</span>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => {
                            setConfirming(null);
                            props.onStart(candidate);
                          }}
                        >
                          Replace
                        </button>
                        <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
                          Keep my text
                        </button>
                      </>
                    ) : inEditor ? (
                      <span className={styles.inEditor}>In the editor below</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => start(candidate)}
                        disabled={disabled}
                        aria-label={`Start from ${name}`}
                      >
                        Start from this one
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
          <div className={styles.foot}>
            <span aria-live="polite" className={state.kind === "save-failed" ? styles.error : styles.muted}>
              {state.kind === "save-failed"
                ? state.message
                : state.kind === "saving"
                  ? "Saving the ranking…"
                  : !complete
                    ? "Give every candidate a place to save the ranking."
                    : unsaved
                      ? "Ranking not saved yet."
                      : "Ranking saved."}
            </span>
            <button
              type="button"
              className="button button-small"
              onClick={props.onSave}
              disabled={disabled || !complete || !unsaved || state.kind === "saving"}
            >
              Save ranking
            </button>
          </div>
        </>
      )}
    </section>
  );
}
