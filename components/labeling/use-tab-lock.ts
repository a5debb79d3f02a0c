"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type TabLockState = "checking" | "owner" | "other-tab" | "taken-over";
export type Acquired = "first" | "takeover" | "other-closed";

type Message = { type: "hello" | "owner" | "takeover" | "released" | "closed"; from: string };

const CHECK_MS = 300;
const RELEASE_WAIT_MS = 2_000;

/**
 * One writing tab per task in this browser (docs/workspace.md). A tab that opens asks on a
 * BroadcastChannel whether another tab has the task; if so it waits, read-only, and offers
 * "Take over here". Taking over asks the other tab to save and stop (it then says so); a tab that
 * closes hands the task on. Two devices share no channel: the server's draft check covers them.
 */
export function useTabLock(
  channelName: string,
  callbacks: { onAcquire: (how: Acquired) => void; onRelease: () => Promise<void> },
  // A task this tab just claimed and swapped in (the next task after a submit): no other tab can
  // have it open yet, so the tab writes at once instead of after the probe, and the labeler's
  // first keystrokes on the new prompt are never dropped by a read-only editor.
  { startAsOwner = false }: { startAsOwner?: boolean } = {},
) {
  const [state, setState] = useState<TabLockState>("checking");
  const stateRef = useRef<TabLockState>("checking");
  const channel = useRef<BroadcastChannel | null>(null);
  const id = useRef("");
  const handlers = useRef(callbacks);
  useEffect(() => {
    handlers.current = callbacks;
  });

  const set = useCallback((next: TabLockState) => {
    stateRef.current = next;
    setState(next);
  }, []);
  const acquire = useCallback(
    (how: Acquired) => {
      set("owner");
      handlers.current.onAcquire(how);
    },
    [set],
  );

  useEffect(() => {
    id.current = crypto.randomUUID();
    if (typeof BroadcastChannel === "undefined") {
      acquire("first");
      return;
    }
    const bc = new BroadcastChannel(channelName);
    channel.current = bc;
    const post = (type: Message["type"]) => bc.postMessage({ type, from: id.current } satisfies Message);
    bc.onmessage = async ({ data }: MessageEvent<Message>) => {
      const current = stateRef.current;
      if (data.type === "hello") {
        if (current === "owner") post("owner");
        // Two tabs opening at once: the smaller id keeps the task.
        else if (current === "checking" && data.from < id.current) set("other-tab");
      } else if (data.type === "owner" && current === "checking") {
        set("other-tab");
      } else if (data.type === "takeover" && current === "owner") {
        set("taken-over");
        await handlers.current.onRelease();
        post("released");
      } else if (data.type === "closed" && (current === "other-tab" || current === "taken-over")) {
        acquire("other-closed");
      }
    };
    post("hello");
    if (startAsOwner) acquire("first");
    const timer = setTimeout(() => {
      if (stateRef.current === "checking") acquire("first");
    }, CHECK_MS);
    const onPageHide = () => {
      if (stateRef.current === "owner") post("closed");
    };
    window.addEventListener("pagehide", onPageHide);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", onPageHide);
      if (stateRef.current === "owner") post("closed");
      bc.close();
      channel.current = null;
    };
  }, [channelName, acquire, set, startAsOwner]);

  /** "Take over here": the other tab saves and stops, then this one writes (or after a wait, if it is gone). */
  const takeOver = useCallback(() => {
    const bc = channel.current;
    if (!bc) return acquire("takeover");
    set("checking");
    const done = () => {
      clearTimeout(timer);
      bc.removeEventListener("message", onReleased);
      if (stateRef.current === "checking") acquire("takeover");
    };
    const onReleased = ({ data }: MessageEvent<Message>) => data.type === "released" && done();
    const timer = setTimeout(done, RELEASE_WAIT_MS);
    bc.addEventListener("message", onReleased);
    bc.postMessage({ type: "takeover", from: id.current } satisfies Message);
  }, [acquire, set]);

  return { state, takeOver };
}
