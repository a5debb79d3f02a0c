"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { SkippedDraft } from "@/lib/tasks/resume-task";
import { fetchApi } from "@/components/labeling/api";
import { LocalTime } from "@/components/local-time";
import styles from "./my-work.module.css";

/** Prompts skipped after writing: the draft was kept, and "Return to it" makes that true. */
export function SkippedDrafts({ items }: { items: SkippedDraft[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resume = async (item: SkippedDraft) => {
    setBusy(item.taskId);
    setError(null);
    const result = await fetchApi("POST", `/api/v1/tasks/${item.taskId}/resume`, {});
    if (result.ok) return router.push(`/work/${item.project.slug}`);
    setBusy(null);
    setError(result.error.message);
  };
  return (
    <section className="stack" aria-labelledby="skipped-heading">
      <h2 id="skipped-heading">Skipped, with a draft</h2>
      <div aria-live="assertive">{error && <p className="alert alert-error">{error}</p>}</div>
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item.taskId} className={`card ${styles.item}`}>
            <div className={styles.head}>
              <h3 className={styles.project} id={`skipped-${item.taskId}`}>
                {item.project.name}
              </h3>
              <span className="small muted">
                Prompt <code>{item.externalId ?? "—"}</code> · skipped <LocalTime value={item.skippedAt} />
              </span>
              <span className="spacer" />
              <button
                type="button"
                className="button button-small"
                onClick={() => void resume(item)}
                disabled={busy !== null}
                aria-describedby={`skipped-${item.taskId}`}
              >
                {busy === item.taskId ? "Opening…" : "Return to it"}
              </button>
            </div>
            <p className={`small ${styles.excerpt}`}>{item.excerpt}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
