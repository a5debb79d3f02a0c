"use client";

import type { ReactNode } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import { Markdown } from "@/components/markdown";
import { TokenCount } from "./token-count";
import { SpecialTokenNote } from "./special-token-note";
import type { MeasureTurn } from "./use-token-counter";
import styles from "./slot-editor.module.css";

type Props = {
  index: number;
  slotCount: number;
  maxTokens: number;
  measureTurn: MeasureTurn | null;
  onBlur: () => void;
  /** Read-only while the guidelines wait for a confirm or another tab has the task. */
  readOnly: boolean;
  /** Markdown preview instead of the text box (the buttons, or Alt+M on the turn being written). */
  preview: boolean;
  onPreviewChange: (preview: boolean) => void;
  onFocus: () => void;
  /** Controls beside the label (the model's draft, in draft mode): in the head, so the text box keeps its room. */
  tools?: ReactNode;
};

export function slotEditorId(index: number) {
  return `response-turn-${index + 1}`;
}

/** One slot of the conversation, written in place: a textarea with a markdown preview. */
export function SlotEditor({
  index,
  slotCount,
  maxTokens,
  measureTurn,
  onBlur,
  readOnly,
  preview,
  onPreviewChange,
  onFocus,
  tools,
}: Props) {
  const { register, control, formState } = useFormContext<SubmitResponseInput>();
  const text = useWatch({ control, name: `turns.${index}` }) ?? "";
  const id = slotEditorId(index);
  const label = slotCount > 1 ? `Your response (turn ${index + 1} of ${slotCount})` : "Your response";
  const error = formState.errors.turns?.[index]?.message;
  // An error must be seen where it is fixed: a previewed editor with an error shows the text box.
  const previewing = preview && !error;

  return (
    <div className={styles.slot}>
      <div className={styles.head}>
        <label htmlFor={id} className={styles.label}>
          {label}
        </label>
        {tools}
        <div className={styles.modes} role="group" aria-label="Editor mode">
          <button
            type="button"
            className={styles.mode}
            aria-pressed={!previewing}
            onClick={() => onPreviewChange(false)}
          >
            Write
          </button>
          <button
            type="button"
            className={styles.mode}
            aria-pressed={previewing}
            onClick={() => onPreviewChange(true)}
            aria-keyshortcuts="Alt+M"
          >
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
        readOnly={readOnly}
        onFocus={onFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-count ${id}-error`}
        {...register(`turns.${index}`, { onBlur })}
      />
      {previewing && (
        <div className={styles.preview} role="region" aria-label="Response preview" tabIndex={0} onFocus={onFocus}>
          {text.trim() ? <Markdown>{text}</Markdown> : <p className="muted">Nothing to preview yet.</p>}
        </div>
      )}
      <div className={styles.foot}>
        <div id={`${id}-error`} aria-live="polite" className={styles.error}>
          {error}
        </div>
        <TokenCount id={`${id}-count`} text={text} max={maxTokens} measureTurn={measureTurn} />
      </div>
      <SpecialTokenNote id={`${id}-special`} text={text} />
    </div>
  );
}
