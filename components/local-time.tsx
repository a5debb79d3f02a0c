"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A time in the reader's time zone. The server does not know it, so the server (and the first
 * client render, to hydrate cleanly) shows UTC, and the browser then switches to local time.
 * `clock`: only the hour and minute (the writing screen's "Saved 14:05"), shown in the browser only,
 * since a UTC guess at a bare clock time would read as the wrong time; the full time is its title.
 */
export function LocalTime({
  value,
  empty = "—",
  clock = false,
}: {
  value: Date | string | null | undefined;
  empty?: string;
  clock?: boolean;
}) {
  const isClient = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  if (!value) return <span className="muted">{empty}</span>;
  const date = new Date(value);
  if (clock) {
    return (
      <time dateTime={date.toISOString()} title={isClient ? date.toLocaleString() : undefined}>
        {isClient ? formatClock(date) : ""}
      </time>
    );
  }
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {isClient ? dateTime.format(date) : `${utc.format(date)} UTC`}
    </time>
  );
}

/** Hour and minute in the reader's time zone; call it in the browser only. */
export function formatClock(date: Date): string {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
