import type { SaveStatus } from "./use-autosave";
import { LocalTime } from "./local-time";
import styles from "./writing-screen.module.css";

/** The autosave line. Polite: it changes often and must never interrupt. */
export function SaveStatusLine({ status }: { status: SaveStatus }) {
  return (
    <p className={styles.saveStatus} aria-live="polite">
      {status.kind === "saved" && (status.at ? <>Saved <LocalTime date={status.at} /></> : <span>Drafts save as you type</span>)}
      {status.kind === "saving" && "Saving…"}
      {(status.kind === "retrying" || status.kind === "failed") && (
        <span className={styles.saveProblem}>{status.message}</span>
      )}
    </p>
  );
}
