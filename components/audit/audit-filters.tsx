import Link from "next/link";
import { AUDIT_ACTIONS } from "@/lib/audit/schemas";
import { ACTION_LABELS } from "@/lib/audit/describe-event";
import styles from "./audit.module.css";

export const AUDIT_FILTER_KEYS = ["action", "actorId", "projectId", "since", "until"] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTER_KEYS)[number], string>>;

/** The allow-listed filters from the URL query, without empty values. */
export function readAuditFilters(query: Record<string, string | string[] | undefined>): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  return filters;
}

type Option = { id: string; label: string };

/** A plain GET form, so a filtered log is a URL that can be reloaded and shared. */
export function AuditFilterForm({
  filters,
  users,
  projects,
}: {
  filters: AuditFilters;
  users: Option[];
  projects: Option[];
}) {
  return (
    <form method="get" action="/admin/audit" className={`card ${styles.filters}`} aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" name="action" defaultValue={filters.action ?? ""}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a] ?? a}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">Who</label>
        <select id="audit-actor" name="actorId" defaultValue={filters.actorId ?? ""}>
          <option value="">Anyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-project">Project</label>
        <select id="audit-project" name="projectId" defaultValue={filters.projectId ?? ""}>
          <option value="">Any project</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-since">From</label>
        <input id="audit-since" name="since" type="date" defaultValue={filters.since ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="audit-until">Before</label>
        <input id="audit-until" name="until" type="date" defaultValue={filters.until ?? ""} />
      </div>
      <button type="submit" className="button button-primary">
        Apply
      </button>
      <Link href="/admin/audit" className="button">
        Clear
      </Link>
    </form>
  );
}
