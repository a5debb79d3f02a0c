"use client";

import { useState } from "react";
import type { GuidelinesChange } from "@/lib/tasks/guidelines-acknowledgement";
import { fetchApi } from "./api";
import styles from "./guidelines-change-banner.module.css";
import { GuidelinesDiffText } from "@/components/guidelines-diff-text";

/**
 * "The guidelines changed since you last confirmed them": the diff of the two versions, as text
 * (never markdown or HTML: it is user text), and the confirm that unlocks the editor.
 */
export function GuidelinesChangeBanner({
  change,
  projectId,
  onConfirmed,
}: {
  change: Extract<GuidelinesChange, { kind: "changed" }>;
  projectId: string;
  onConfirmed: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    const result = await fetchApi("POST", `/api/v1/projects/${projectId}/guidelines/acknowledgement`, {
      version: change.to,
    });
    setBusy(false);
    if (result.ok) onConfirmed();
    else setError(result.error.status === 0 ? "Could not reach the server. Try again." : result.error.message);
  };
  return (
    <section className={styles.banner} aria-labelledby="guidelines-change-title">
      <h2 id="guidelines-change-title" className={styles.title}>
        The guidelines changed: version {change.from} → {change.to}
      </h2>
      <p className={styles.hint}>
        Read what changed before you write. <span className={styles.legendAdded}>Added</span>{" "}
        <span className={styles.legendRemoved}>removed</span>
      </p>
      <div className={styles.diff} role="region" aria-label="Changes to the guidelines" tabIndex={0}>
        <GuidelinesDiffText parts={change.diff} classes={styles} />
      </div>
      <div className={styles.actions}>
        <button type="button" className="button button-primary" onClick={confirm} disabled={busy}>
          {busy ? "Confirming…" : "I have read the changes"}
        </button>
        <span className="small muted">The editor opens once you confirm.</span>
        <div aria-live="assertive">{error && <p className="alert alert-error">{error}</p>}</div>
      </div>
    </section>
  );
}
