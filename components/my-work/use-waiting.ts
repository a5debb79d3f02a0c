"use client";

import { useEffect, useState } from "react";
import type { Waiting } from "@/lib/analytics/my-work";

/** Readers on one screen (the nav's link and its phone menu button) share one request. */
const SHARE_MS = 1000;
let shared: { at: number; answer: Promise<Waiting | null> } | null = null;

function readWaiting(): Promise<Waiting | null> {
  if (shared && Date.now() - shared.at < SHARE_MS) return shared.answer;
  const answer = fetch("/api/v1/me/waiting", { credentials: "same-origin", cache: "no-store" })
    .then((response) => (response.ok ? (response.json() as Promise<Waiting>) : null))
    .catch(() => null);
  shared = { at: Date.now(), answer };
  return answer;
}

/**
 * What waits for the signed-in labeler (GET /api/v1/me/waiting), read again whenever `key` changes
 * (the path, in the nav) and when the tab comes back into view: a shared layout is not rendered
 * again on client-side navigation, so a count rendered on the server would go stale. Null until the
 * first answer, and after a failure (nothing is better than a wrong count).
 */
export function useWaiting(key: string): Waiting | null {
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` says when to read again; the request does not use it
  useEffect(() => {
    let live = true;
    const load = async () => {
      const answer = await readWaiting();
      if (live) setWaiting(answer);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    void load();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      live = false;
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [key]);
  return waiting;
}
