import Link from "next/link";
import styles from "./admin.module.css";

/**
 * The sections of an admin's project page, in order. Each is the page with `?section=<id>`; the
 * first is the default. A new section (members, for one) is a row here and a branch in
 * app/(app)/admin/projects/[slug]/page.tsx that renders its own component.
 */
export const PROJECT_SECTIONS = [
  { id: "overview", label: "Overview" },
  { id: "guidelines", label: "Guidelines" },
  { id: "settings", label: "Settings" },
  { id: "review", label: "Review" },
  { id: "members", label: "Members" },
  { id: "export", label: "Export" },
] as const;

export type ProjectSection = (typeof PROJECT_SECTIONS)[number]["id"];

/** The section a URL asks for; anything unknown (or given twice) is the overview. */
export function readSection(value: string | string[] | undefined): ProjectSection {
  return PROJECT_SECTIONS.find((s) => s.id === value)?.id ?? "overview";
}

export function sectionHref(base: string, section: ProjectSection): string {
  return section === "overview" ? base : `${base}?section=${section}`;
}

/** Links, not script tabs: each section is a URL, so it can be shared, reloaded and reached with Back. */
export function ProjectSectionNav({ base, current }: { base: string; current: ProjectSection }) {
  return (
    <nav aria-label="Project sections" className={styles.sections}>
      <ul>
        {PROJECT_SECTIONS.map((s) => (
          <li key={s.id}>
            <Link href={sectionHref(base, s.id)} aria-current={s.id === current ? "page" : undefined}>
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
