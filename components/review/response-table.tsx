"use client";

import { useRef, useState, useTransition } from "react";
import Link from "next/link";
import type { QueueRow } from "@/lib/review/queue-previews";
import { Markdown } from "@/components/markdown";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/review/status-badge";
import { loadMoreResponses } from "@/app/(app)/review/actions";
import { Kbd } from "@/components/shortcuts-dialog";
import { useShortcuts } from "@/components/use-shortcuts";
import styles from "./response-table.module.css";

type Props = {
  projectSlug: string;
  /** The filters in effect (the URL query), for "Load more". */
  query: Record<string, string>;
  showStatus: boolean;
  /** The queue's URL with the other filters; an author's name links to it filtered by them. */
  labelerBase: string;
  initial: QueueRow[];
  initialCursor: string | null;
};

/** The queue. `j`/`k` move between the rows' Open links, Enter or `o` opens. */
export function ResponseTable({ projectSlug, query, showStatus, labelerBase, initial, initialCursor }: Props) {
  const labelerHref = (labeler: string) =>
    `${labelerBase}${labelerBase.includes("?") ? "&" : "?"}labeler=${encodeURIComponent(labeler)}`;
  const [items, setItems] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const tableRef = useRef<HTMLTableElement>(null);

  const links = () => Array.from(tableRef.current?.querySelectorAll<HTMLAnchorElement>("a[data-open]") ?? []);
  const move = (step: number) => {
    const all = links();
    if (all.length === 0) return;
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    all[next]?.focus();
    all[next]?.scrollIntoView({ block: "nearest" });
  };
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    o: () => {
      const all = links();
      (all.find((a) => a === document.activeElement) ?? all[0])?.click();
    },
  });

  function loadMore() {
    if (!cursor) return;
    setError(null);
    startTransition(async () => {
      try {
        const page = await loadMoreResponses(projectSlug, query, cursor);
        setItems((current) => [...current, ...page.items]);
        setCursor(page.nextCursor);
      } catch {
        setError("Could not load more responses; try again.");
      }
    });
  }

  return (
    <div className="stack">
      <p className="small muted" id="queue-keys">
        <Kbd>j</Kbd> / <Kbd>k</Kbd> move down and up the list, <Kbd>Enter</Kbd> or <Kbd>o</Kbd> opens the response.
      </p>
      <table ref={tableRef} className={`table ${styles.table}`}>
        <thead>
          <tr>
            <th scope="col">Prompt</th>
            <th scope="col">Response</th>
            <th scope="col">Author</th>
            <th scope="col">Submitted</th>
            <th scope="col">Guidelines</th>
            <th scope="col">Score</th>
            {showStatus && <th scope="col">Status</th>}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} className={styles.row}>
              <td className={styles.preview} title={r.externalId ? `Prompt ${r.externalId}` : undefined}>
                <Markdown className={styles.clamp}>{r.question}</Markdown>
              </td>
              <td className={styles.preview}>
                <Markdown className={styles.clamp}>{r.preview}</Markdown>
              </td>
              <td>
                <span className={styles.cellLabel}>By </span>
                <Link href={labelerHref(r.author.id ?? r.author.name)} title={`Only responses by ${r.author.name}`}>
                  {r.author.name}
                </Link>
              </td>
              <td className={styles.nowrap}>
                <LocalTime value={r.submittedAt} />
              </td>
              <td>
                <span className={styles.cellLabel}>Guidelines </span>
                {r.guidelinesVersion === null ? "—" : `v${r.guidelinesVersion}`}
              </td>
              <td>
                <span className={styles.cellLabel}>Score </span>
                {r.score === null ? <span className="muted">—</span> : r.score.toFixed(1)}
              </td>
              {showStatus && (
                <td>
                  <StatusBadge status={r.status} />
                </td>
              )}
              <td>
                <Link
                  className="button button-small"
                  href={`/review/responses/${r.id}`}
                  data-open
                  aria-describedby="queue-keys"
                >
                  Open
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div aria-live="polite" className="small muted">
        {items.length} shown{cursor ? "" : items.length > 0 ? "; that is all" : ""}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
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
