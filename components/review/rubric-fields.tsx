"use client";

import type { UseFormRegister } from "react-hook-form";
import type { RubricCriterion } from "@/lib/review/rubric";
import styles from "./review-form.module.css";

export type ScoreValues = Record<string, string | undefined>;

/** One 1–5 radio group per criterion of the project's rubric, each level with its one-line description. */
export function RubricFields({
  rubric,
  register,
  error,
}: {
  rubric: readonly RubricCriterion[];
  // The form's values hold `scores.<key>`; typed loosely since the keys come from the project.
  register: UseFormRegister<{ scores: ScoreValues }>;
  error?: string;
}) {
  return (
    <div className="stack">
      {rubric.map((criterion) => (
        <fieldset key={criterion.key} className={styles.criterion}>
          <legend>{criterion.label}</legend>
          {criterion.levels.map((description, i) => {
            const id = `score-${criterion.key}-${i + 1}`;
            return (
              <div key={id} className={styles.level}>
                <input type="radio" id={id} value={String(i + 1)} {...register(`scores.${criterion.key}`)} />
                <label htmlFor={id}>
                  <span className={styles.levelNumber}>{i + 1}</span>{" "}
                  <span className={styles.levelText}>{description}</span>
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
