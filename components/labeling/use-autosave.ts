"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { callApi } from "./api";

export type SaveStatus =
  | { kind: "saved"; at: Date | null } // nothing unsaved; `at` is null for a task never saved
  | { kind: "saving" } // waiting for the typing pause, or the request is on its way
  | { kind: "retrying"; message: string }
  | { kind: "failed"; message: string }; // not retried until the next edit

const PAUSE_MS = 1500;
const RETRY_MS = [2_000, 5_000, 10_000, 30_000];
// Browsers refuse keepalive bodies over 64 KiB; a larger last-moment save goes as a normal request.
const KEEPALIVE_MAX_CHARS = 60_000;

type Options = { taskId: string; getTurns: () => string[]; initialTurns: string[]; initialSavedAt: Date | null };

/**
 * Keeps the server draft in step with the editors: a PUT after a pause in typing, at once on
 * blur or when the tab is hidden, retried with backoff while the network or server is down.
 * Requests are chained, so an older text can never land after a newer one.
 */
export function useAutosave({ taskId, getTurns, initialTurns, initialSavedAt }: Options) {
  const [status, setStatus] = useState<SaveStatus>({ kind: "saved", at: initialSavedAt });
  const savedJson = useRef(JSON.stringify(initialTurns));
  const savedAt = useRef(initialSavedAt);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const failures = useRef(0);
  const paused = useRef(false);
  const read = useRef(getTurns);
  useEffect(() => {
    read.current = getTurns;
  }, [getTurns]);

  const isDirty = useCallback(() => JSON.stringify(read.current()) !== savedJson.current, []);

  const saveOnce = useCallback(async (): Promise<boolean> => {
    if (paused.current) return false;
    const turns = read.current();
    const json = JSON.stringify(turns);
    if (json === savedJson.current) {
      setStatus({ kind: "saved", at: savedAt.current });
      return true;
    }
    setStatus({ kind: "saving" });
    const keepalive = document.visibilityState === "hidden" && json.length < KEEPALIVE_MAX_CHARS;
    const result = await callApi<{ updatedAt: string }>("PUT", `/api/v1/tasks/${taskId}/draft`, { turns }, { keepalive });
    if (paused.current) return result.ok;
    if (result.ok) {
      failures.current = 0;
      savedJson.current = json;
      savedAt.current = new Date(result.data.updatedAt);
      // Typing during the request already scheduled the next save; keep saying so.
      setStatus(isDirty() ? { kind: "saving" } : { kind: "saved", at: savedAt.current });
      return true;
    }
    const { status: http, message } = result.error;
    if (http === 0 || http === 401 || http === 429 || http >= 500) {
      const delay = RETRY_MS[Math.min(failures.current, RETRY_MS.length - 1)];
      failures.current += 1;
      setStatus({
        kind: "retrying",
        message: http === 401 ? "Not saved — you were signed out; sign in again in another tab" : "Not saved — retrying",
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delay);
    } else {
      // 400/409/413: the server will say no again until the text (or the task) changes.
      setStatus({ kind: "failed", message: `Not saved — ${message}` });
    }
    return false;
    // `flush` (declared below, same render) is left out on purpose: a retry is a flush.
  }, [taskId, isDirty]);

  /** Saves now (after any request already on its way); resolves true when the text is saved. */
  const flush = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    chain.current = chain.current.then(saveOnce, saveOnce);
    return chain.current;
  }, [saveOnce]);

  /** Call on every edit. */
  const schedule = useCallback(() => {
    if (paused.current) return;
    setStatus((s) => (s.kind === "saving" ? s : { kind: "saving" }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), PAUSE_MS);
  }, [flush]);

  /** Stops saving (a submit or skip is about to end the task) once any request on its way is done. */
  const pause = useCallback(async () => {
    clearTimeout(timer.current);
    paused.current = true;
    await chain.current.catch(() => undefined);
  }, []);

  /** Saving again after a submit or skip that did not go through. */
  const resume = useCallback(() => {
    paused.current = false;
    if (isDirty()) schedule();
  }, [isDirty, schedule]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden" && isDirty()) void flush();
    };
    // Leaving with unsaved text asks first; the browser shows its own wording.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!paused.current && isDirty()) event.preventDefault();
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
      clearTimeout(timer.current);
      // Navigating away inside the app unmounts us: send what is unsaved.
      if (!paused.current && isDirty()) void flush();
    };
  }, [flush, isDirty]);

  return { status, schedule, flush, pause, resume, isDirty };
}
