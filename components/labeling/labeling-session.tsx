"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TaskView } from "@/lib/tasks/task-view";
import { fetchApi, type ApiError } from "./api";
import { NoWorkLeft } from "./no-work-left";
import { reviveTaskView } from "./task-view-json";
import { WritingScreen, type Done } from "./writing-screen";
import styles from "./labeling-session.module.css";

const NOTICE_MS = 3500;

/** Before the first claim answers, the task, no work left, or a claim that failed. */
type Current =
  | { state: "claiming" }
  | { state: "task"; task: TaskView; claimedHere: boolean }
  | { state: "none" }
  | { state: "failed"; error: ApiError };

/**
 * Holds what must outlive one task, and claims every task through the API (`POST …/tasks/next`):
 * the first one when the page has loaded, the next one right after a submit or skip (a new key
 * remounts the writing screen). The page itself only renders: opening its URL, from a link, an
 * image in someone's markdown or a prefetch, changes nothing on the server.
 */
export function LabelingSession({ project }: { project: { id: string; name: string } }) {
  const [current, setCurrent] = useState<Current>({ state: "claiming" });
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  const claiming = useRef(false);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // `claimedHere`: a task swapped in after a submit was claimed by this tab a moment ago, so it
  // writes at once; the page's first claim may resume a task another tab of the same labeler has open.
  const claim = useCallback(
    async (claimedHere: boolean) => {
      if (claiming.current) return;
      claiming.current = true;
      const claimed = await fetchApi<TaskView | null>("POST", `/api/v1/projects/${project.id}/tasks/next`, {});
      claiming.current = false;
      if (!claimed.ok) return setCurrent({ state: "failed", error: claimed.error });
      setCurrent(claimed.data ? { state: "task", task: reviveTaskView(claimed.data), claimedHere } : { state: "none" });
    },
    [project.id],
  );
  useEffect(() => {
    void claim(false);
  }, [claim]);

  const onDone = async ({ message, next }: Done) => {
    if (message) setNotice({ text: message, at: Date.now() });
    if (next) await claim(true);
  };

  return (
    <>
      <div role="status" className={styles.toast}>
        {notice && <p className="alert alert-ok">{notice.text}</p>}
      </div>
      {current.state === "task" ? (
        <WritingScreen
          key={current.task.id}
          task={current.task}
          projectName={project.name}
          claimedHere={current.claimedHere}
          onDone={(done) => void onDone(done)}
        />
      ) : current.state === "none" ? (
        <NoWorkLeft projectName={project.name} />
      ) : current.state === "failed" ? (
        <main className="page">
          <div className="card stack" role="alert">
            <h1>Could not get your next task</h1>
            <p className="muted">{current.error.message}</p>
            <div className="row">
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setCurrent({ state: "claiming" });
                  void claim(false);
                }}
              >
                Try again
              </button>
            </div>
          </div>
        </main>
      ) : (
        <main className="page" aria-busy="true">
          <p className="muted">Getting your task…</p>
        </main>
      )}
    </>
  );
}
