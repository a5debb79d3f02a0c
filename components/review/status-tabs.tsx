import Link from "next/link";
import styles from "./status-tabs.module.css";

export const REVIEW_TABS = [
  { status: "submitted", label: "Submitted" },
  { status: "accepted", label: "Accepted" },
  { status: "rejected", label: "Rejected" },
  { status: "all", label: "All" },
] as const;

/** Filters as links, so a filtered list has its own URL to share or reload. */
export function StatusTabs({ basePath, current }: { basePath: string; current: string }) {
  return (
    <nav aria-label="Filter by status" className={styles.tabs}>
      {REVIEW_TABS.map((tab) => (
        <Link
          key={tab.status}
          href={`${basePath}?status=${tab.status}`}
          aria-current={tab.status === current ? "page" : undefined}
          className={styles.tab}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
