"use client";

import { useEffect, useState } from "react";
import type { TaskView } from "@/lib/tasks/task-view";
import { NoWorkLeft } from "./no-work-left";
import { WritingScreen } from "./writing-screen";
import styles from "./labeling-session.module.css";

const NOTICE_MS = 3500;

/**
 * Holds what must outlive one task: the "Submitted" notice shows while the refreshed page swaps
 * in the next task (or the end of the work), which remounts the writing screen by its key.
 */
export function LabelingSession({ project, task }: { project: { name: string; slug: string }; task: TaskView | null }) {
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <>
      <div role="status" className={styles.toast}>
        {notice && <p className="alert alert-ok">{notice.text}</p>}
      </div>
      {task ? (
        <WritingScreen key={task.id} task={task} projectName={project.name} onFinished={(text) => setNotice({ text, at: Date.now() })} />
      ) : (
        <NoWorkLeft projectName={project.name} />
      )}
    </>
  );
}
