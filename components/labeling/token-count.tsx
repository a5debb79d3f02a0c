"use client";

import { useDeferredValue, useMemo } from "react";
import { TokenBudget } from "@/components/protocol/token-budget";
import styles from "@/components/protocol/protocol.module.css";
import type { MeasureTurn } from "./use-token-counter";

/**
 * The live count of one turn as its token budget (docs/workspace.md): "123 / 4,096 tokens" with a bar, amber
 * from 80 % of the limit and red over it. Measured with the function the server's limit uses, whose
 * cost is bounded by the limit: a turn far over it is not counted to the end, and says so.
 */
export function TokenCount({
  id,
  text,
  max,
  measureTurn,
}: {
  id: string;
  text: string;
  max: number;
  measureTurn: MeasureTurn | null;
}) {
  // Counting a long text on every keystroke would make typing lag; the count may trail a frame.
  const deferred = useDeferredValue(text);
  const measured = useMemo(() => (measureTurn ? measureTurn(deferred, max) : null), [measureTurn, deferred, max]);
  if (measured && !measured.complete) {
    return (
      <div id={id} className={styles.budget} data-level="over">
        <div
          className={styles.bar}
          role="meter"
          aria-label="Token budget"
          aria-valuemin={0}
          aria-valuemax={max}
          aria-valuenow={max}
          aria-valuetext={`over ${max.toLocaleString("en")} tokens`}
        >
          <div className={styles.fill} style={{ width: "100%" }} />
        </div>
        <span className={styles.budgetText}>over {max.toLocaleString("en")} tokens — shorten this turn</span>
      </div>
    );
  }
  return <TokenBudget id={id} count={measured?.tokens ?? null} max={max} />;
}
