"use client";

import { usePathname } from "next/navigation";
import { useWaiting } from "./use-waiting";
import { WaitingLinks } from "./waiting-links";

/** `WaitingLinks` for a screen rendered in the browser (the writing screen's "No work left"). */
export function WaitingLinksLoader() {
  const waiting = useWaiting(usePathname());
  return waiting ? <WaitingLinks waiting={waiting} /> : null;
}
