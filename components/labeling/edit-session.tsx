"use client";

import { useEffect, useState } from "react";
import type { TaskView } from "@/lib/tasks/task-view";
import { WritingScreen } from "./writing-screen";
import styles from "./labeling-session.module.css";

const NOTICE_MS = 5000;

/** The writing screen on a submitted response: each save is a new revision; the screen stays. */
export function EditSession({ task, projectName }: { task: TaskView; projectName: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <>
      <div role="status" className={styles.toast}>
        {notice && <p className="alert alert-ok">{notice}</p>}
      </div>
      <WritingScreen task={task} projectName={projectName} onDone={({ message }) => setNotice(message)} />
    </>
  );
}
