"use client";

import { useCallback, useEffect, useRef, useState } from "react";

const IDLE_MS = 60_000;
const TICK_MS = 1_000;
const ACTIVITY = ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "input", "focusin"] as const;

/**
 * Active writing time (docs/workspace.md): counts while the tab is visible and the labeler did
 * something in the last minute; a hidden tab or a minute without a key, click or scroll pauses
 * it. Starts from what the server (or this browser) already counted for the task.
 */
// The screen shows whole minutes; the state holds the count rounded down to one, so the writing screen
// re-renders once a minute, not on every tick (React skips a state set to the value it has).
const MINUTE_MS = 60_000;
const shown = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

export function useActiveTime(startMs: number) {
  const total = useRef(startMs);
  const lastActivity = useRef(0);
  const [shownMs, setShownMs] = useState(shown(startMs));

  useEffect(() => {
    lastActivity.current = Date.now();
    const onActivity = () => {
      lastActivity.current = Date.now();
    };
    let last = Date.now();
    const tick = setInterval(() => {
      const now = Date.now();
      // A throttled background timer may fire late: never count more than one tick at a time.
      const elapsed = Math.min(now - last, TICK_MS * 2);
      last = now;
      if (document.visibilityState === "visible" && now - lastActivity.current <= IDLE_MS) {
        total.current += elapsed;
        setShownMs(shown(total.current));
      }
    }, TICK_MS);
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { passive: true, capture: true });
    return () => {
      clearInterval(tick);
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, []);

  const get = useCallback(() => Math.round(total.current), []);
  /** A larger count learned later (this browser's copy, another tab): time only grows. */
  const raise = useCallback((ms: number) => {
    if (ms > total.current) {
      total.current = ms;
      setShownMs(shown(ms));
    }
  }, []);
  return { get, raise, shownMs };
}
