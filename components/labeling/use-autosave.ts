"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchApi } from "./api";
import { clearLocalDraft, readLocalDraft, writeLocalDraft } from "./local-draft";

export type SaveStatus =
  | { kind: "saved"; at: Date | null } // the server holds the text; `at` is null for a task never saved
  | { kind: "saving" } // waiting for the typing pause, or the request is on its way
  | { kind: "offline" } // the server cannot be reached: the text is in this browser, retried
  | { kind: "retrying"; message: string }
  | { kind: "failed"; message: string }; // not retried until the next edit

const PAUSE_MS = 1500;
const RETRY_MS = [2_000, 4_000, 8_000, 15_000];
const ACTIVE_TIME_EVERY_MS = 15_000;
// Browsers refuse keepalive bodies over 64 KiB; a larger last-moment save goes as a normal request.
const KEEPALIVE_MAX_CHARS = 60_000;

type Options = {
  taskId: string;
  /** Where the browser's copy lives (local-draft.ts). */
  storageKey: string;
  getTurns: () => string[];
  getActiveMs: () => number;
  /** What the server holds when the screen opens. */
  initialTurns: string[];
  initialSavedAt: string | null;
};

/**
 * Keeps the text safe in two places (docs/workspace.md): this browser's storage on every change,
 * and the server draft after a pause in typing, at once on blur or when the tab is hidden, retried
 * with backoff while the network or server is down and as soon as the browser is back online.
 * Requests are chained, so an older text can never land after a newer one; each names the server
 * draft it was written on, so another device's newer draft is never silently overwritten.
 */
export function useAutosave({ taskId, storageKey, getTurns, getActiveMs, initialTurns, initialSavedAt }: Options) {
  const [status, setStatus] = useState<SaveStatus>({
    kind: "saved",
    at: initialSavedAt ? new Date(initialSavedAt) : null,
  });
  const savedJson = useRef(JSON.stringify(initialTurns));
  const savedAt = useRef(initialSavedAt);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const failures = useRef(0);
  // Nothing saves until the screen knows this tab writes the task (use-tab-lock.ts) and calls adopt.
  const paused = useRef(true);
  const keptLocally = useRef(true);
  const read = useRef({ getTurns, getActiveMs });
  useEffect(() => {
    read.current = { getTurns, getActiveMs };
  }, [getTurns, getActiveMs]);

  const isDirty = useCallback(() => JSON.stringify(read.current.getTurns()) !== savedJson.current, []);

  const keepLocal = useCallback(
    (edited: boolean) => {
      const turns = read.current.getTurns();
      const previous = edited ? null : readLocalDraft(storageKey);
      keptLocally.current = writeLocalDraft(storageKey, {
        turns,
        editedAt: previous?.editedAt ?? Date.now(),
        activeMs: read.current.getActiveMs(),
        base: savedAt.current,
        synced: JSON.stringify(turns) === savedJson.current,
      });
    },
    [storageKey],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: flush is defined below from saveOnce; it reads only refs
  const saveOnce = useCallback(async (): Promise<boolean> => {
    if (paused.current) return false;
    const turns = read.current.getTurns();
    const json = JSON.stringify(turns);
    if (json === savedJson.current) {
      setStatus({ kind: "saved", at: savedAt.current ? new Date(savedAt.current) : null });
      return true;
    }
    setStatus({ kind: "saving" });
    const keepalive = document.visibilityState === "hidden" && json.length < KEEPALIVE_MAX_CHARS;
    const body = { turns, activeMs: read.current.getActiveMs(), baseUpdatedAt: savedAt.current };
    const result = await fetchApi<{ updatedAt: string }>("PUT", `/api/v1/tasks/${taskId}/draft`, body, { keepalive });
    if (paused.current) return result.ok;
    if (result.ok) {
      failures.current = 0;
      savedJson.current = json;
      savedAt.current = result.data.updatedAt;
      keepLocal(false);
      // Typing during the request already scheduled the next save; keep saying so.
      setStatus(isDirty() ? { kind: "saving" } : { kind: "saved", at: new Date(result.data.updatedAt) });
      return true;
    }
    const { status: http, message, details } = result.error;
    if (http === 0 || http === 401 || http === 429 || http >= 500) {
      const delay = RETRY_MS[Math.min(failures.current, RETRY_MS.length - 1)];
      failures.current += 1;
      if (http === 0) setStatus({ kind: "offline" });
      else if (http === 401)
        setStatus({
          kind: "retrying",
          message: "Not saved — you were signed out; sign in again in another tab. Kept on this device",
        });
      else setStatus({ kind: "retrying", message: "Not saved to the server yet — kept on this device; retrying" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delay);
    } else if ((details as { reason?: string } | undefined)?.reason === "draft_changed") {
      setStatus({
        kind: "failed",
        message:
          "Not saved — this draft was changed in another tab or on another device. Reload to choose which to keep; your text is kept on this device",
      });
    } else {
      // 400/409/413: the server will say no again until the text (or the task) changes.
      setStatus({ kind: "failed", message: `Not saved — ${message}` });
    }
    return false;
    // `flush` (declared below, same render) is left out on purpose: a retry is a flush.
  }, [taskId, isDirty, keepLocal]);

  /** Saves now (after any request already on its way); resolves true when the text is saved. */
  const flush = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    chain.current = chain.current.then(saveOnce, saveOnce);
    return chain.current;
  }, [saveOnce]);

  /** Call on every edit: the browser's copy now, the server's after the pause. */
  const schedule = useCallback(() => {
    if (paused.current) return;
    keepLocal(true);
    setStatus((s) => (s.kind === "saving" ? s : { kind: "saving" }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), PAUSE_MS);
  }, [flush, keepLocal]);

  /** Stops saving (the task ends, or another tab took over) once any request on its way is done. */
  const pause = useCallback(async () => {
    clearTimeout(timer.current);
    paused.current = true;
    await chain.current.catch(() => undefined);
  }, []);

  /** Saving again, e.g. after a submit that did not go through. */
  const resume = useCallback(() => {
    paused.current = false;
    if (isDirty()) schedule();
  }, [isDirty, schedule]);

  /**
   * The form now shows text chosen elsewhere (reconciled on open, or taken over from another tab):
   * `savedTurns`/`savedAt` are what the server holds. Saves at once when the two differ.
   */
  const adopt = useCallback(
    (server: { turns: string[]; savedAt: string | null }) => {
      savedJson.current = JSON.stringify(server.turns);
      savedAt.current = server.savedAt;
      paused.current = false;
      if (isDirty()) {
        keepLocal(false);
        void flush();
      } else {
        setStatus({ kind: "saved", at: server.savedAt ? new Date(server.savedAt) : null });
      }
    },
    [flush, isDirty, keepLocal],
  );

  /** The task ended on the server: the browser's copy has done its job. */
  const forget = useCallback(() => clearLocalDraft(storageKey), [storageKey]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden" && !paused.current && isDirty()) void flush();
    };
    const onOnline = () => {
      if (!paused.current && isDirty()) void flush();
    };
    // With the text in this browser's storage, leaving loses nothing; only ask when that failed.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!paused.current && isDirty() && !keptLocally.current) event.preventDefault();
    };
    const activeTime = setInterval(() => {
      if (!paused.current && readLocalDraft(storageKey)) keepLocal(false);
    }, ACTIVE_TIME_EVERY_MS);
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("online", onOnline);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("beforeunload", onBeforeUnload);
      clearInterval(activeTime);
      clearTimeout(timer.current);
      // Navigating away inside the app unmounts us: send what is unsaved.
      if (!paused.current && isDirty()) void flush();
    };
  }, [flush, isDirty, keepLocal, storageKey]);

  return { status, schedule, flush, pause, resume, isDirty, adopt, forget };
}
