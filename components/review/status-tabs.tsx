import Link from "next/link";
import styles from "./status-tabs.module.css";

/** The two queues of a project: responses to decide, and decided ones waiting for the caller's second opinion. */
export function QueueTabs({ basePath, secondOpinion }: { basePath: string; secondOpinion: boolean }) {
  const tabs = [
    { href: basePath, label: "Review queue", current: !secondOpinion },
    { href: `${basePath}?secondOpinion=pending`, label: "Second opinions waiting", current: secondOpinion },
  ];
  return (
    <nav aria-label="Queues" className={styles.tabs}>
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={tab.current ? "page" : undefined} className={styles.tab}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
