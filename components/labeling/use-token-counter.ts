"use client";

import { useEffect, useState } from "react";

type CountTokens = (text: string) => number;

// The o200k_base ranks are megabytes of JS: loaded once, after first paint, shared by every editor.
let loading: Promise<CountTokens> | null = null;

export function loadTokenCounter(): Promise<CountTokens> {
  loading ??= import("@/lib/conversation/tokens").then(
    (m) => m.countTurnTokens,
    (error: unknown) => {
      loading = null; // a failed chunk load (flaky network) may succeed on the next mount
      throw error;
    },
  );
  return loading;
}

/** The shared token counter (lib/conversation/tokens.ts), or null while it loads. */
export function useTokenCounter(): CountTokens | null {
  const [count, setCount] = useState<CountTokens | null>(null);
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
