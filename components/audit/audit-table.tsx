import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import type { AuditEventView } from "@/lib/audit/list-events";
import { describeChange } from "@/lib/audit/describe-change";
import { describeEvent, type AuditNames } from "@/lib/audit/describe-event";
import styles from "./audit.module.css";

/**
 * Audit events, newest first, each as a sentence with links to the people and things it names; the
 * stored before/after folds out below it. Every name and value is user input, printed as text.
 */
export function AuditTable({ events, names }: { events: AuditEventView[]; names: AuditNames }) {
  return (
    <ol className={styles.events} aria-label="Audit events">
      {events.map((event) => {
        const sentence = describeEvent(event, names);
        const changes = describeChange(event.before, event.after);
        return (
          <li key={event.id} className={styles.event}>
            <p className={styles.sentence}>
              {sentence.map((part, i) =>
                typeof part === "string" ? (
                  <span key={i}>{part}</span>
                ) : (
                  <Link key={i} href={part.href}>
                    {part.text}
                  </Link>
                ),
              )}
            </p>
            <div className={styles.meta}>
              <LocalTime value={event.createdAt} />
              {event.actor && <span>{event.actor.email}</span>}
              <code title="The action's name in the API and the filter">{event.action}</code>
            </div>
            {changes.length > 0 && (
              <details className={styles.details}>
                <summary>What changed</summary>
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
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
