"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A time in the reader's time zone. The server does not know it, so the server (and the first
 * client render, to hydrate cleanly) shows UTC, and the browser then switches to local time.
 */
export function LocalTime({ value, empty = "—" }: { value: Date | string | null | undefined; empty?: string }) {
  const isClient = useSyncExternalStore(noop, () => true, () => false);
  if (!value) return <span className="muted">{empty}</span>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {isClient ? dateTime.format(date) : `${utc.format(date)} UTC`}
    </time>
  );
}
