"use client";

import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { DEFAULT_REJECT_REASONS, DEFAULT_RUBRIC, RUBRIC_LEVELS, type RubricCriterion } from "@/lib/review/rubric";
import { ReviewSettingsForm as Schema, type ReviewSettingsFormValues } from "@/lib/projects/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { Field } from "@/components/forms/field";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import { updateReviewSettingsAction } from "@/app/(app)/admin/projects/actions";
import styles from "./review-settings.module.css";

type Settings = {
  blindReview: boolean;
  labelersSeeScores: boolean;
  secondOpinionRate: number;
  rejectReasons: string[];
  rubric: RubricCriterion[];
};

const LEVEL_NAMES = ["1 (worst)", "2", "3", "4", "5 (best)"];
const blankCriterion = (): RubricCriterion => ({
  key: "",
  label: "",
  levels: Array.from({ length: RUBRIC_LEVELS }, () => ""),
});

/** Blind review, whether labelers see their scores, the second-opinion rate, the reject reasons and the rubric (docs/review.md). */
export function ReviewSettingsForm({ projectId, settings }: { projectId: string; settings: Settings }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ReviewSettingsFormValues, unknown, ReturnType<typeof Schema.parse>>({
    resolver: zodResolver(Schema),
    defaultValues: {
      blindReview: settings.blindReview,
      labelersSeeScores: settings.labelersSeeScores,
      secondOpinionPercent: Math.round(settings.secondOpinionRate * 100_000) / 1000,
      rejectReasons: settings.rejectReasons.join("\n"),
      rubric: settings.rubric,
    },
  });
  const criteria = useFieldArray({ control, name: "rubric" });

  const onSubmit = handleSubmit(async (data) => {
    setFormError(null);
    setSaved(null);
    const result = await updateReviewSettingsAction(projectId, data);
    if (result.ok) setSaved("Review settings saved.");
    else {
      // The server names the rate as stored (secondOpinionRate); the form shows it as a percentage.
      const { secondOpinionRate, ...fieldErrors } = result.fieldErrors;
      const errors = {
        ...result,
        fieldErrors: { ...fieldErrors, ...(secondOpinionRate ? { secondOpinionPercent: secondOpinionRate } : {}) },
      };
      setFormError(
        applyActionErrors(errors, setError, [
          "blindReview",
          "labelersSeeScores",
          "secondOpinionPercent",
          "rejectReasons",
          "rubric",
        ]),
      );
    }
  });

  const rubricError = errors.rubric?.root?.message ?? errors.rubric?.message;

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Review settings">
      <div className={styles.check}>
        <input type="checkbox" id="review-blind" {...register("blindReview")} aria-describedby="review-blind-hint" />
        <label htmlFor="review-blind">Blind review</label>
        <span id="review-blind-hint" className="field-hint">
          Reviewers (not admins) see each author as a stable pseudonym such as anon-3fa1c2d9.
        </span>
      </div>
      <div className={styles.check}>
        <input
          type="checkbox"
          id="review-labelers-see-scores"
          {...register("labelersSeeScores")}
          aria-describedby="review-labelers-see-scores-hint"
        />
        <label htmlFor="review-labelers-see-scores">Labelers see their scores</label>
        <span id="review-labelers-see-scores-hint" className="field-hint">
          Authors see the rubric scores reviewers gave their responses in My work. Decisions and comments they always
          see.
        </span>
      </div>
      <Field
        id="review-second-opinion"
        label="Second opinions (% of decided responses)"
        hint="This share of accepted or rejected responses goes to a second, independent reviewer, to measure agreement. 0 turns it off."
        error={errors.secondOpinionPercent?.message}
        className={styles.narrow}
      >
        {(control) => (
          <input
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step="any"
            {...control}
            {...register("secondOpinionPercent")}
          />
        )}
      </Field>
      <Field
        id="review-reject-reasons"
        label="Reject reasons"
        hint={`One per line; reviewers choose one when they reject. Left empty: ${DEFAULT_REJECT_REASONS.join(", ")}.`}
        error={errors.rejectReasons?.message}
      >
        {(control) => <textarea rows={5} {...control} {...register("rejectReasons")} />}
      </Field>

      <fieldset className={styles.rubric}>
        <legend>Rubric</legend>
        <p className="field-hint">
          Reviewers score each criterion from 1 to 5; describe each level in one line. The key names the score in the
          API and the exports (lower-case letters, digits, underscores).
        </p>
        {criteria.fields.map((field, c) => {
          const e = errors.rubric?.[c];
          return (
            <fieldset key={field.id} className={styles.criterion}>
              <legend>Criterion {c + 1}</legend>
              <div className={styles.criterionHead}>
                <Field id={`rubric-${c}-label`} label="Label" error={e?.label?.message}>
                  {(control) => (
                    <input type="text" autoComplete="off" {...control} {...register(`rubric.${c}.label`)} />
                  )}
                </Field>
                <Field id={`rubric-${c}-key`} label="Key" error={e?.key?.message}>
                  {(control) => (
                    <input
                      type="text"
                      autoComplete="off"
                      spellCheck={false}
                      {...control}
                      {...register(`rubric.${c}.key`)}
                    />
                  )}
                </Field>
                <div className={styles.criterionActions}>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => criteria.move(c, c - 1)}
                    disabled={c === 0}
                    aria-label={`Move criterion ${c + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => criteria.move(c, c + 1)}
                    disabled={c === criteria.fields.length - 1}
                    aria-label={`Move criterion ${c + 1} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger"
                    onClick={() => criteria.remove(c)}
                    aria-label={`Remove criterion ${c + 1}`}
                  >
                    Remove
                  </button>
                </div>
              </div>
              <div className={styles.levels}>
                {LEVEL_NAMES.map((name, l) => (
                  <Field
                    key={l}
                    id={`rubric-${c}-level-${l}`}
                    label={`Level ${name}`}
                    error={e?.levels?.[l]?.message ?? (l === 0 ? e?.levels?.message : undefined)}
                  >
                    {(control) => <input type="text" {...control} {...register(`rubric.${c}.levels.${l}`)} />}
                  </Field>
                ))}
              </div>
            </fieldset>
          );
        })}
        <div aria-live="polite">{rubricError && <p className="field-error">{rubricError}</p>}</div>
        <div className="row">
          <button type="button" className="button button-small" onClick={() => criteria.append(blankCriterion())}>
            Add criterion
          </button>
          <button type="button" className="button button-small" onClick={() => criteria.replace(DEFAULT_RUBRIC)}>
            Use the default rubric
          </button>
        </div>
      </fieldset>

      <FormError message={formError} />
      <FormSuccess message={saved} />
      <div>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          Save review settings
        </button>
      </div>
    </form>
  );
}
