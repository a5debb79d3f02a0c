import Link from "next/link";
import styles from "./queue-filters.module.css";

export const FILTER_KEYS = [
  "status",
  "labeler",
  "guidelinesVersion",
  "since",
  "until",
  "minScore",
  "secondOpinion",
] as const;
export type QueueFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

const STATUSES = [
  { value: "submitted", label: "Submitted (waiting)" },
  { value: "needs_revision", label: "Sent back for revision" },
  { value: "accepted", label: "Accepted" },
  { value: "rejected", label: "Rejected" },
  { value: "all", label: "All" },
];

/** The queue's filters, taken from the URL query: only the allow-listed keys, without empty values. */
export function readFilters(query: Record<string, string | string[] | undefined>): QueueFilters {
  const filters: QueueFilters = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  return filters;
}

/**
 * A plain GET form: applying it writes the filters into the URL, so a filtered queue can be
 * reloaded and shared, and it works before any script has loaded.
 */
export function QueueFilterForm({
  basePath,
  filters,
  blind,
}: {
  basePath: string;
  filters: QueueFilters;
  blind: boolean;
}) {
  const pending = filters.secondOpinion === "pending";
  return (
    <form method="get" action={basePath} className={`card ${styles.form}`} aria-label="Filter responses">
      {pending && <input type="hidden" name="secondOpinion" value="pending" />}
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={filters.status ?? (pending ? "all" : "submitted")}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-labeler">Labeler</label>
        <input
          id="filter-labeler"
          name="labeler"
          type="text"
          defaultValue={filters.labeler ?? ""}
          placeholder={blind ? "anon-…" : "anon-… or user id"}
          aria-describedby="filter-labeler-hint"
          autoComplete="off"
        />
        <span id="filter-labeler-hint" className="visually-hidden">
          {blind
            ? "Blind review: the author's pseudonym."
            : "A pseudonym or user id; an author's name in the list links to this filter."}
        </span>
      </div>
      <div className="field">
        <label htmlFor="filter-guidelines">Guidelines version</label>
        <input
          id="filter-guidelines"
          name="guidelinesVersion"
          type="number"
          min={1}
          step={1}
          defaultValue={filters.guidelinesVersion ?? ""}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-since">Submitted from</label>
        <input id="filter-since" name="since" type="date" defaultValue={filters.since ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="filter-until">Submitted before</label>
        <input id="filter-until" name="until" type="date" defaultValue={filters.until ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="filter-min-score">Minimum score</label>
        <input
          id="filter-min-score"
          name="minScore"
          type="number"
          min={1}
          max={5}
          step={0.5}
          defaultValue={filters.minScore ?? ""}
        />
      </div>
      <div className={styles.actions}>
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <Link href={pending ? `${basePath}?secondOpinion=pending` : basePath} className="button">
          Clear
        </Link>
      </div>
    </form>
  );
}
