"use client";

import { useDeferredValue, useMemo } from "react";
import { TokenBudget } from "@/components/protocol/token-budget";

/**
 * The live count of one turn as its token budget (issue 5): "123 / 4,096 tokens" with a bar, amber
 * from 80 % of the limit and red over it. Counted with the function the server's limit uses.
 */
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
  return <TokenBudget id={id} count={count} max={max} />;
}
