"use client";

import { startTransition, useEffect, useReducer, useRef } from "react";
import type { Tokenizer } from "@/lib/tokenizer/encodings";
import type { TokenizedText } from "@/lib/tokenizer/tokenize";
import { tokenCache, tokenizeMissing } from "./tokenizer-client";

/** While typing, the view is brought up to date at most this often (plus the worker's time). */
const SETTLE_MS = 100;

/**
 * The tokens of each block, for the latest texts once the worker has them. Until then a block shows
 * the last tokens it had (text and boundaries from the same moment), and `current` is false. One
 * request is in flight at a time; texts typed meanwhile are coalesced into the next one.
 */
export function useProtocolTokens(tokenizer: Tokenizer, blocks: readonly string[]) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const shown = useRef<Array<TokenizedText | undefined>>([]);
  const latest = useRef({ tokenizer, blocks });
  const state = useRef<{ busy: boolean; timer: ReturnType<typeof setTimeout> | null; failed: boolean }>({
    busy: false,
    timer: null,
    failed: false,
  });
  latest.current = { tokenizer, blocks };

  useEffect(() => {
    const s = state.current;
    const run = async () => {
      s.timer = null;
      s.busy = true;
      const { tokenizer: t, blocks: b } = latest.current;
      try {
        await tokenizeMissing(t, b);
        s.failed = false;
      } catch {
        s.failed = true;
      }
      s.busy = false;
      startTransition(rerender); // not urgent: a keystroke arriving meanwhile is handled first
      const now = latest.current;
      if (!s.failed && now.blocks.some((text) => !tokenCache.get(now.tokenizer, text))) schedule();
    };
    const schedule = () => {
      if (s.busy || s.timer) return;
      // The first request (opening the view) goes at once; later ones wait for typing to settle.
      s.timer = setTimeout(run, shown.current.length === 0 ? 0 : SETTLE_MS);
    };
    if (blocks.some((text) => !tokenCache.get(tokenizer, text))) schedule();
  }, [tokenizer, blocks]);

  useEffect(() => {
    const s = state.current;
    return () => {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    };
  }, []);

  let current = true;
  const results = blocks.map((text, i) => {
    const hit = tokenCache.get(tokenizer, text);
    if (hit) return (shown.current[i] = hit);
    current = false;
    return shown.current[i];
  });
  shown.current.length = blocks.length;
  return { results, current, failed: state.current.failed };
}
