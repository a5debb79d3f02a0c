"use client";

import { useEffect, useState } from "react";

/**
 * One turn measured against the token limit (lib/conversation/tokens.ts `measureTurn`): its cost is
 * bounded by the limit, so a pasted 400,000-character word cannot freeze the page while typing.
 */
export type MeasureTurn = (text: string, maxTokens: number) => { tokens: number; complete: boolean };

// The o200k_base ranks are megabytes of JS: loaded once, after first paint, shared by every editor.
let loading: Promise<MeasureTurn> | null = null;

export function loadTokenCounter(): Promise<MeasureTurn> {
  loading ??= import("@/lib/conversation/tokens").then(
    (m) => m.measureTurn,
    (error: unknown) => {
      loading = null; // a failed chunk load (flaky network) may succeed on the next mount
      throw error;
    },
  );
  return loading;
}

/** The shared token counter (lib/conversation/tokens.ts), or null while it loads. */
export function useTokenCounter(): MeasureTurn | null {
  const [count, setCount] = useState<MeasureTurn | null>(null);
  useEffect(() => {
    let live = true;
    loadTokenCounter().then(
      (fn) => live && setCount(() => fn),
      () => undefined, // the count stays "counting…"; the server still enforces the limit on submit
    );
    return () => {
      live = false;
    };
  }, []);
  return count;
}
