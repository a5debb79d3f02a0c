"use client";

import type { KeyboardEvent } from "react";
import type { UseFormRegister } from "react-hook-form";
import type { RubricCriterion } from "@/lib/review/rubric";
import styles from "./review-form.module.css";

export type ScoreValues = Record<string, string | undefined>;

const LEVELS = ["1", "2", "3", "4", "5"];

/** The radio that stands for a criterion when it takes the focus: its chosen level, else level 1. */
export function focusCriterion(key: string, value: string | undefined) {
  document.getElementById(`score-${key}-${value || "1"}`)?.focus();
}

/**
 * One row of five levels per criterion of the project's rubric, compact enough that the decision
 * stays in view; the chosen level's one-line description is written under it, and every level's
 * description is its radio's title and accessible description. Keys: a number focuses its
 * criterion (RubricKeys in review-form.tsx); on a criterion, 1–5 scores it and moves on to the next
 * one, and after the last one to `afterLast`.
 */
export function RubricFields({
  rubric,
  register,
  values,
  onScore,
  afterLast,
}: {
  rubric: readonly RubricCriterion[];
  // The form's values hold `scores.<key>`; typed loosely since the keys come from the project.
  register: UseFormRegister<{ scores: ScoreValues }>;
  values: ScoreValues;
  onScore: (key: string, value: string) => void;
  afterLast: () => void;
}) {
  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLFieldSetElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !LEVELS.includes(event.key)) return;
    if (!(event.target instanceof HTMLInputElement) || event.target.type !== "radio") return;
    event.preventDefault();
    const criterion = rubric[index]!;
    onScore(criterion.key, event.key);
    const next = rubric[index + 1];
    if (next) focusCriterion(next.key, values[next.key]);
    else afterLast();
  };

  return (
    <div className={styles.rubric}>
      {rubric.map((criterion, index) => {
        const chosen = values[criterion.key];
        const hintId = `score-${criterion.key}-hint`;
        return (
          <fieldset
            key={criterion.key}
            className={styles.criterion}
            onKeyDown={onKeyDown(index)}
            aria-describedby={hintId}
          >
            <legend className={styles.criterionLegend}>
              {index < 9 && <kbd className={styles.criterionKey}>{index + 1}</kbd>}
              {criterion.label}
            </legend>
            <div className={styles.scale}>
              {criterion.levels.map((description, i) => {
                const id = `score-${criterion.key}-${i + 1}`;
                return (
                  <span key={id} className={styles.level}>
                    <input
                      type="radio"
                      id={id}
                      value={String(i + 1)}
                      className={styles.levelInput}
                      aria-label={`${i + 1} ${description}`}
                      {...register(`scores.${criterion.key}`)}
                    />
                    <label htmlFor={id} title={description}>
                      {i + 1}
                    </label>
                  </span>
                );
              })}
            </div>
            <p id={hintId} className={styles.levelHint}>
              {chosen ? `${chosen}: ${criterion.levels[Number(chosen) - 1] ?? ""}` : "Not scored"}
            </p>
          </fieldset>
        );
      })}
    </div>
  );
}
