"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import type { ResponseView } from "@/lib/review/response-view";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/review/status-badge";
import { loadMoreResponses } from "@/app/(app)/review/actions";
import styles from "./response-table.module.css";

const EXCERPT_CHARS = 140;

/** The start of what the labeler wrote, on one line; counted in characters, not UTF-16 units. */
function excerpt(turns: string[]): string {
  const text = turns.join(" ⋯ ").replace(/\s+/g, " ").trim();
  const chars = Array.from(text);
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join("").trimEnd()}…` : text;
}

type Props = { projectSlug: string; status: string; initial: ResponseView[]; initialCursor: string | null };

export function ResponseTable({ projectSlug, status, initial, initialCursor }: Props) {
  const [items, setItems] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function loadMore() {
    if (!cursor) return;
    setError(null);
    startTransition(async () => {
      try {
        const page = await loadMoreResponses(projectSlug, status, cursor);
        setItems((current) => [...current, ...page.items]);
        setCursor(page.nextCursor);
      } catch {
        setError("Could not load more responses; try again.");
      }
    });
  }

  return (
    <div className="stack">
      <table className={`table ${styles.table}`}>
        <thead>
          <tr>
            <th scope="col">Prompt</th>
            <th scope="col">Author</th>
            <th scope="col">Submitted</th>
            <th scope="col">Response</th>
            {status !== "submitted" && <th scope="col">Status</th>}
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td><code>{r.externalId ?? "—"}</code></td>
              <td>{r.author.name}</td>
              <td className={styles.nowrap}><LocalTime value={r.submittedAt} /></td>
              <td className={styles.excerpt}>{excerpt(r.turns)}</td>
              {status !== "submitted" && <td><StatusBadge status={r.status} /></td>}
              <td><Link className="button button-small" href={`/review/responses/${r.id}`}>Open</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div aria-live="polite" className="small muted">
        {items.length} shown{cursor ? "" : items.length > 0 ? "; that is all" : ""}
      </div>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {cursor && (
        <div>
          <button type="button" className="button" onClick={loadMore} disabled={pending}>
            {pending ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </div>
  );
}
