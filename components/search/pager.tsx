import Link from "next/link";
import styles from "./search.module.css";

/**
 * Keyset pages: "Next page" carries the list's cursor in the URL with the other filters, so a page can
 * be reloaded and shared; there is no "page 7", only the start and the page after this one.
 */
export function Pager({
  basePath,
  query,
  shown,
  nextCursor,
  what,
}: {
  basePath: string;
  /** The filters in effect, without the cursor. */
  query: Record<string, string>;
  shown: number;
  nextCursor: string | null;
  /** What is listed, singular and plural: ["prompt", "prompts"]. */
  what: readonly [string, string];
}) {
  const paged = "cursor" in query;
  const { cursor: _cursor, ...filters } = query;
  const first = new URLSearchParams(filters).toString();
  const next = nextCursor ? new URLSearchParams({ ...filters, cursor: nextCursor }).toString() : null;
  return (
    <div className={styles.pager}>
      <span className="small muted" aria-live="polite">
        {shown} {shown === 1 ? what[0] : what[1]} shown{paged ? " on this page" : ""}
        {next ? "; more on the next page" : shown > 0 ? "; that is all" : ""}.
      </span>
      {paged && (
        <Link className="button button-small" href={first ? `${basePath}?${first}` : basePath}>
          First page
        </Link>
      )}
      {next && (
        <Link className="button button-small" href={`${basePath}?${next}`} rel="next">
          Next page
        </Link>
      )}
    </div>
  );
}
