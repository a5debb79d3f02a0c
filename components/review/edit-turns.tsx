"use client";

import type { UseFormRegister } from "react-hook-form";
import { Field } from "@/components/forms/field";
import styles from "./review-form.module.css";

type EditValues = { editedTurns: string[] };

/** One editor per turn the labeler wrote, prefilled with the current text. */
export function EditTurns({
  turns,
  register,
  errors,
}: {
  turns: string[];
  register: UseFormRegister<EditValues>;
  errors: Array<string | undefined>;
}) {
  return (
    <>
      {turns.map((turn, i) => (
        <Field
          key={i}
          id={`edit-turn-${i}`}
          label={turns.length === 1 ? "Edited response" : `Edited turn ${i + 1} of ${turns.length}`}
          error={errors[i]}
        >
          {(control) => (
            <textarea
              className={styles.editor}
              rows={Math.min(24, Math.max(6, turn.split("\n").length + 2))}
              {...control}
              {...register(`editedTurns.${i}`)}
            />
          )}
        </Field>
      ))}
    </>
  );
}
