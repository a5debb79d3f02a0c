"use client";

import { useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import { Markdown } from "@/components/markdown";
import { TokenCount } from "./token-count";
import styles from "./slot-editor.module.css";

type Props = {
  index: number;
  slotCount: number;
  maxTokens: number;
  countTokens: ((text: string) => number) | null;
  onBlur: () => void;
};

export function slotEditorId(index: number) {
  return `response-turn-${index + 1}`;
}

/** One slot of the conversation, written in place: a textarea with a markdown preview. */
export function SlotEditor({ index, slotCount, maxTokens, countTokens, onBlur }: Props) {
  const { register, control, formState } = useFormContext<SubmitResponseInput>();
  const text = useWatch({ control, name: `turns.${index}` }) ?? "";
  const [mode, setMode] = useState<"write" | "preview">("write");
  const id = slotEditorId(index);
  const label = slotCount > 1 ? `Your response (turn ${index + 1} of ${slotCount})` : "Your response";
  const error = formState.errors.turns?.[index]?.message;
  // An error must be seen where it is fixed: a previewed editor with an error shows the text box.
  const previewing = mode === "preview" && !error;

  return (
    <div className={styles.slot}>
      <div className={styles.head}>
        <label htmlFor={id} className={styles.label}>
          {label}
        </label>
        <div className={styles.modes} role="group" aria-label="Editor mode">
          <button type="button" className={styles.mode} aria-pressed={!previewing} onClick={() => setMode("write")}>
            Write
          </button>
          <button type="button" className={styles.mode} aria-pressed={previewing} onClick={() => setMode("preview")}>
            Preview
          </button>
        </div>
      </div>
      <textarea
        id={id}
        className={styles.textarea}
        hidden={previewing}
        rows={8}
        placeholder="Write the ideal assistant response. Markdown works."
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-count ${id}-error`}
        {...register(`turns.${index}`, { onBlur })}
      />
      {previewing && (
        <div className={styles.preview} role="region" aria-label="Response preview">
          {text.trim() ? <Markdown>{text}</Markdown> : <p className="muted">Nothing to preview yet.</p>}
        </div>
      )}
      <div className={styles.foot}>
        <div id={`${id}-error`} aria-live="polite" className={styles.error}>
          {error}
        </div>
        <TokenCount id={`${id}-count`} text={text} max={maxTokens} countTokens={countTokens} />
      </div>
    </div>
  );
}
