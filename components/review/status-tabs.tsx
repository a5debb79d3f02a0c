import Link from "next/link";
import styles from "./status-tabs.module.css";

/**
 * The queues of a project: responses to decide, decided ones waiting for the caller's second
 * opinion, and (when the project asks for several responses per prompt) prompts to rank.
 */
export function QueueTabs({
  basePath,
  secondOpinion,
  ranking = false,
}: {
  basePath: string;
  secondOpinion: boolean;
  ranking?: boolean;
}) {
  const tabs = [
    { href: basePath, label: "Review queue", current: !secondOpinion },
    { href: `${basePath}?secondOpinion=pending`, label: "Second opinions waiting", current: secondOpinion },
    ...(ranking ? [{ href: `${basePath}/rank`, label: "Prompts to rank", current: false }] : []),
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
