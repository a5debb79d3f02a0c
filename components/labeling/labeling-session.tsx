"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { TaskView } from "@/lib/tasks/task-view";
import { callApi } from "./api";
import { NoWorkLeft } from "./no-work-left";
import { reviveTaskView } from "./task-view-json";
import { WritingScreen, type Done } from "./writing-screen";
import styles from "./labeling-session.module.css";

const NOTICE_MS = 3500;

/**
 * Holds what must outlive one task. After a submit or skip the next task is claimed at once
 * through the API and swapped in here (a new key remounts the writing screen), without a page
 * render: the next prompt appears as soon as the claim answers (issue 5). A failed claim falls
 * back to refreshing the page, which claims too.
 */
export function LabelingSession({ project, task }: { project: { name: string; slug: string }; task: TaskView | null }) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  const [fromServer, setFromServer] = useState(task);
  const [current, setCurrent] = useState(task);
  const [claimedHere, setClaimedHere] = useState(false);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  if (task !== fromServer) {
    // A page refresh brought a task: it wins over the one claimed here.
    setFromServer(task);
    setCurrent(task);
    setClaimedHere(false);
  }
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const onDone = async ({ message, next }: Done) => {
    if (message) setNotice({ text: message, at: Date.now() });
    if (!next) return;
    const claimed = await callApi<TaskView | null>("POST", `/api/v1/projects/${project.slug}/tasks/next`, {});
    if (claimed.ok) {
      setClaimedHere(true);
      setCurrent(claimed.data ? reviveTaskView(claimed.data) : null);
    }
    else startRefresh(() => router.refresh());
  };

  return (
    <>
      <div role="status" className={styles.toast}>
        {notice && <p className="alert alert-ok">{notice.text}</p>}
      </div>
      {current ? (
        <WritingScreen
          key={current.id}
          task={current}
          projectName={project.name}
          claimedHere={claimedHere}
          onDone={(done) => void onDone(done)}
        />
      ) : (
        <NoWorkLeft projectName={project.name} />
      )}
    </>
  );
}
