import Link from "next/link";
import styles from "./search.module.css";

const STATUSES = [
  { value: "", label: "Any" },
  { value: "unanswered", label: "No response yet" },
  { value: "submitted", label: "A response waiting for review" },
  { value: "needs_revision", label: "A response sent back" },
  { value: "accepted", label: "A response accepted" },
  { value: "rejected", label: "A response rejected" },
];

export type PromptSearchValues = Partial<Record<"q" | "status" | "since" | "until", string>>;

/** A plain GET form: the search lives in the URL, works before scripts load, and can be shared. */
export function PromptSearchForm({ basePath, values }: { basePath: string; values: PromptSearchValues }) {
  return (
    <form method="get" action={basePath} className={`card ${styles.form}`} role="search" aria-label="Search prompts">
      <div className={`field ${styles.query}`}>
        <label htmlFor="search-q">Words or external id</label>
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={values.q ?? ""}
          placeholder='pie crust, "exact phrase", -without, or an id'
          aria-describedby="search-q-hint"
          autoComplete="off"
          maxLength={200}
        />
        <span id="search-q-hint" className="visually-hidden">
          Finds whole words in every message, an external id or its start, or a prompt id.
        </span>
      </div>
      <div className="field">
        <label htmlFor="search-status">Responses</label>
        <select id="search-status" name="status" defaultValue={values.status ?? ""}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="search-since">Imported from</label>
        <input id="search-since" name="since" type="date" defaultValue={values.since ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="search-until">Imported before</label>
        <input id="search-until" name="until" type="date" defaultValue={values.until ?? ""} />
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
