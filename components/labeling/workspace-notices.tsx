"use client";

import type { Reconciled } from "./local-draft";
import type { TabLockState } from "./use-tab-lock";
import { formatClock } from "@/components/local-time";
import styles from "./writing-screen.module.css";

const RESTORED = {
  unsynced: (at: string) =>
    `Restored what you wrote on this device at ${at}: it had not reached the server yet, and is being saved now.`,
  "newer-here": (at: string) =>
    `Restored the newer copy from this device (${at}). The server had an older draft from another tab or device.`,
  "newer-server": (at: string) =>
    `Loaded the newer draft from the server (saved ${at} in another tab or on another device) instead of the older copy on this device.`,
};

/** What was restored on opening, and from where, with the other version one click away. */
export function RestoreNotice({
  notice,
  onUseOther,
  onDismiss,
}: {
  notice: NonNullable<Reconciled["notice"]>;
  onUseOther: () => void;
  onDismiss: () => void;
}) {
  return (
    <div className={`alert alert-warn ${styles.notice}`} role="status">
      <span>{RESTORED[notice.kind](formatClock(new Date(notice.at)))}</span>
      <span className={styles.noticeActions}>
        <button type="button" className="button button-small" onClick={onUseOther}>
          {notice.kind === "newer-server" ? "Use this device's copy" : "Use the server's draft"}
        </button>
        <button type="button" className="button button-small" onClick={onDismiss}>
          OK
        </button>
      </span>
    </div>
  );
}

/** The task is open in another tab of this browser: say so, and offer to move here. */
export function TabLockNotice({ state, onTakeOver }: { state: TabLockState; onTakeOver: () => void }) {
  if (state !== "other-tab" && state !== "taken-over") return null;
  return (
    <div className={`alert alert-warn ${styles.notice}`} role="alert">
      <span>
        {state === "other-tab"
          ? "This task is already open in another tab. Writing in both would overwrite one with the other, so this tab is read-only."
          : "This task is now being written in another tab. This tab stopped saving; your text there is safe."}
      </span>
      <button type="button" className="button button-small button-primary" onClick={onTakeOver}>
        Take over here
      </button>
    </div>
  );
}
