"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TaskView } from "@/lib/tasks/task-view";
import { fetchApi, type ApiError, type FetchResult } from "./api";
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
 * Holds what must outlive one task, and claims every task through the API: the first one when
 * the page has loaded and the next one after a skip with `POST …/tasks/next`, the next one after
 * a submit in the submit's own answer (a new key remounts the writing screen). The page itself
 * only renders: opening its URL, from a link, an image in someone's markdown or a prefetch,
 * changes nothing on the server.
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
  const show = useCallback((claimed: FetchResult<TaskView | null>, claimedHere: boolean) => {
    if (!claimed.ok) return setCurrent({ state: "failed", error: claimed.error });
    setCurrent(claimed.data ? { state: "task", task: reviveTaskView(claimed.data), claimedHere } : { state: "none" });
  }, []);
  const claim = useCallback(
    async (claimedHere: boolean) => {
      if (claiming.current) return;
      claiming.current = true;
      const claimed = await fetchApi<TaskView | null>("POST", `/api/v1/projects/${project.id}/tasks/next`, {});
      claiming.current = false;
      show(claimed, claimedHere);
    },
    [project.id, show],
  );
  useEffect(() => {
    void claim(false);
  }, [claim]);

  // The note goes up once the next task is on screen: the new writing screen shows it in its own
  // live region (an empty region that fills is announced; one mounted full may not be).
  // A submit's answer carries the next task (`claimed`): no second request. A skip or "Next prompt" claims.
  const onDone = async ({ message, next, claimed }: Done) => {
    if (next && claimed) show(claimed, true);
    else if (next) await claim(true);
    if (message) setNotice({ text: message, at: Date.now() });
  };
  const writing = current.state === "task";

  return (
    <>
      <div role="status" className={styles.toast}>
        {notice && !writing && <p className="alert alert-ok">{notice.text}</p>}
      </div>
      {current.state === "task" ? (
        <WritingScreen
          key={current.task.id}
          task={current.task}
          projectName={project.name}
          claimedHere={current.claimedHere}
          onDone={(done) => void onDone(done)}
          flash={notice?.text}
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
