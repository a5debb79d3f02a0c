"use client";

import { useSyncExternalStore } from "react";

const subscribeNever = () => () => {};

/**
 * A clock time in the reader's time zone. The server does not know that zone, so the time is
 * rendered only in the browser (an SSR guess would flash or mismatch on hydration).
 */
export function LocalTime({ date }: { date: Date }) {
  const inBrowser = useSyncExternalStore(subscribeNever, () => true, () => false);
  return (
    <time dateTime={date.toISOString()} title={inBrowser ? date.toLocaleString() : undefined}>
      {inBrowser ? formatClock(date) : ""}
    </time>
  );
}

export function formatClock(date: Date): string {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
