import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import type { AuditEventView } from "@/lib/audit/list-events";
import { describeChange } from "@/lib/audit/describe-change";
import styles from "./audit.module.css";

/** Where an event's subject can be opened; other kinds are shown by type and id only. */
function entityHref(event: AuditEventView, projectSlugs: Map<string, string>): string | null {
  if (!event.entityId) return null;
  if (event.entityType === "response") return `/review/responses/${event.entityId}`;
  if (event.entityType === "project") {
    const slug = projectSlugs.get(event.entityId);
    return slug ? `/admin/projects/${slug}` : null;
  }
  return null;
}

/** Audit events, newest first. All stored text is printed as text (names and values are user input). */
export function AuditTable({
  events,
  projectNames,
  projectSlugs,
  userNames,
}: {
  events: AuditEventView[];
  projectNames: Map<string, string>;
  projectSlugs: Map<string, string>;
  userNames: Map<string, string>;
}) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Subject</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const href = entityHref(event, projectSlugs);
          const named = event.entityType === "user" && event.entityId ? userNames.get(event.entityId) : undefined;
          const subject = named
            ? `user ${named}`
            : `${event.entityType}${event.entityId ? ` ${event.entityId.slice(0, 8)}` : ""}`;
          const changes = describeChange(event.before, event.after);
          return (
            <tr key={event.id}>
              <td className={styles.time}>
                <LocalTime value={event.createdAt} />
              </td>
              <td>
                {event.actor ? (
                  <span title={event.actor.email}>{event.actor.name}</span>
                ) : (
                  <span className="muted">system</span>
                )}
              </td>
              <td className={styles.action}>{event.action}</td>
              <td className={styles.entity}>
                {href ? <Link href={href}>{subject}</Link> : subject}
                {event.projectId && projectNames.has(event.projectId) && (
                  <div className="muted">{projectNames.get(event.projectId)}</div>
                )}
              </td>
              <td>
                {changes.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className={styles.changes}>
                    {changes.map((c) => (
                      <li key={c.field}>
                        <span className={styles.field}>{c.field}</span>:{" "}
                        {c.before !== null && (
                          <>
                            <span className={styles.before}>{c.before}</span>
                            {" → "}
                          </>
                        )}
                        {c.after !== null ? (
                          <span className={styles.after}>{c.after}</span>
                        ) : (
                          <span className="muted">(removed)</span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
