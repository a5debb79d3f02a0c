import Link from "next/link";
import styles from "./admin.module.css";

/** The admin's project list: the current projects (active and paused) or the archived ones, as links. */
export function ProjectListFilter({ archived }: { archived: boolean }) {
  return (
    <nav aria-label="Which projects" className={styles.sections}>
      <ul>
        <li>
          <Link href="/admin/projects" aria-current={archived ? undefined : "page"}>
            Current
          </Link>
        </li>
        <li>
          <Link href="/admin/projects?status=archived" aria-current={archived ? "page" : undefined}>
            Archived
          </Link>
        </li>
      </ul>
    </nav>
  );
}
