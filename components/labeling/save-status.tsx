import type { SaveStatus } from "./use-autosave";
import { LocalTime } from "@/components/local-time";
import styles from "./writing-screen.module.css";

/**
 * Where the text stands, always one of "Saved", "Saving…" or "Offline — kept on this device"
 * (or what went wrong). Polite: it changes often and must never interrupt.
 */
export function SaveStatusLine({ status, elsewhere = false }: { status: SaveStatus; elsewhere?: boolean }) {
  return (
    <p className={styles.saveStatus} aria-live="polite" data-testid="save-status">
      {elsewhere ? (
        <span>Saving happens in the other tab</span>
      ) : (
        <>
          {status.kind === "saved" &&
            (status.at ? (
              <>
                Saved <LocalTime value={status.at} clock />
              </>
            ) : (
              "Saved"
            ))}
          {status.kind === "saving" && "Saving…"}
          {status.kind === "offline" && <span className={styles.saveOffline}>Offline — kept on this device</span>}
          {(status.kind === "retrying" || status.kind === "failed") && (
            <span className={styles.saveProblem}>{status.message}</span>
          )}
        </>
      )}
    </p>
  );
}
