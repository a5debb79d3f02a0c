"use client";

import { useDeferredValue, useMemo } from "react";
import styles from "./slot-editor.module.css";

const WARN_AT = 0.9;

/** "123 / 4,096 tokens", amber past 90 % of the limit and red over it. */
export function TokenCount({
  id,
  text,
  max,
  countTokens,
}: {
  id: string;
  text: string;
  max: number;
  countTokens: ((text: string) => number) | null;
}) {
  // Counting a long text on every keystroke would make typing lag; the count may trail a frame.
  const deferred = useDeferredValue(text);
  const count = useMemo(() => (countTokens ? countTokens(deferred) : null), [countTokens, deferred]);
  if (count === null) {
    return (
      <p id={id} className={styles.count}>
        counting…
      </p>
    );
  }
  const level = count > max ? styles.countOver : count > max * WARN_AT ? styles.countNear : "";
  return (
    <p id={id} className={`${styles.count} ${level}`}>
      {count.toLocaleString("en")} / {max.toLocaleString("en")} tokens
      {count > max && <> — {(count - max).toLocaleString("en")} over the limit</>}
    </p>
  );
}
