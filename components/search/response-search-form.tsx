import Link from "next/link";
import styles from "./search.module.css";

const STATUSES = [
  { value: "all", label: "Any" },
  { value: "submitted", label: "Waiting for review" },
  { value: "needs_revision", label: "Sent back for revision" },
  { value: "accepted", label: "Accepted" },
  { value: "rejected", label: "Rejected" },
];

export const RESPONSE_SEARCH_KEYS = [
  "q",
  "status",
  "labeler",
  "guidelinesVersion",
  "since",
  "until",
  "minScore",
  "maxScore",
] as const;
export type ResponseSearchValues = Partial<Record<(typeof RESPONSE_SEARCH_KEYS)[number], string>>;

/** The responses browser's search: the review list's filters plus `q`, as a plain GET form. */
export function ResponseSearchForm({
  basePath,
  values,
  blind,
}: {
  basePath: string;
  values: ResponseSearchValues;
  blind: boolean;
}) {
  return (
    <form method="get" action={basePath} className={`card ${styles.form}`} role="search" aria-label="Search responses">
      <div className={`field ${styles.queryRow}`}>
        <label htmlFor="search-q">Words or id</label>
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={values.q ?? ""}
          placeholder="words of the response, a prompt's external id, or an id"
          aria-describedby="search-q-hint"
          autoComplete="off"
          maxLength={200}
        />
        <span id="search-q-hint" className="visually-hidden">
          Finds whole words of the response, its prompt&apos;s external id, or the id of the response or its prompt.
        </span>
      </div>
      <div className="field">
        <label htmlFor="search-status">Status</label>
        <select id="search-status" name="status" defaultValue={values.status ?? "all"}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="search-labeler">Labeler</label>
        <input
          id="search-labeler"
          name="labeler"
          type="text"
          defaultValue={values.labeler ?? ""}
          placeholder={blind ? "anon-…" : "anon-… or user id"}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="search-guidelines">Guidelines version</label>
        <input
          id="search-guidelines"
          name="guidelinesVersion"
          type="number"
          min={1}
          step={1}
          defaultValue={values.guidelinesVersion ?? ""}
        />
      </div>
      <div className="field">
        <label htmlFor="search-since">Submitted from</label>
        <input id="search-since" name="since" type="date" defaultValue={values.since ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="search-until">Submitted before</label>
        <input id="search-until" name="until" type="date" defaultValue={values.until ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="search-min-score">Score from</label>
        <input
          id="search-min-score"
          name="minScore"
          type="number"
          min={1}
          max={5}
          step={0.5}
          defaultValue={values.minScore ?? ""}
        />
      </div>
      <div className="field">
        <label htmlFor="search-max-score">Score up to</label>
        <input
          id="search-max-score"
          name="maxScore"
          type="number"
          min={1}
          max={5}
          step={0.5}
          defaultValue={values.maxScore ?? ""}
        />
      </div>
      <div className={styles.actions}>
        <button type="submit" className="button button-primary">
          Search
        </button>
        <Link href={basePath} className="button">
          Clear
        </Link>
      </div>
    </form>
  );
}
