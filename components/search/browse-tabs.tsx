import Link from "next/link";
import styles from "./search.module.css";

/** Prompts | Responses of one project: the two browsers link to each other. */
export function BrowseTabs({ slug, current }: { slug: string; current: "prompts" | "responses" }) {
  const tabs = [
    { key: "prompts", label: "Prompts", href: `/projects/${slug}/prompts` },
    { key: "responses", label: "Responses", href: `/projects/${slug}/responses` },
  ] as const;
  return (
    <nav aria-label="Browse the project" className={styles.tabs}>
      {tabs.map((t) => (
        <Link key={t.key} href={t.href} className={styles.tab} aria-current={t.key === current ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
