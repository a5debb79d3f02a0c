import Link from "next/link";
import type { ResponseListItem } from "@/lib/review/response-view";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/review/status-badge";
import styles from "./search.module.css";

const PREVIEW_CHARS = 300;

/** The start of the response's text, plain, counted in characters. */
function preview(turns: string[]): string {
  const chars = Array.from(turns.join("\n\n").trim());
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join("").trimEnd()}…` : chars.join("");
}

/** The responses found: each opens its review page, and its prompt opens the prompt with every response. */
export function ResponseResults({ items }: { items: ResponseListItem[] }) {
  return (
    <ol className={styles.results} aria-label="Responses found">
      {items.map((r) => (
        <li key={r.id} className={`card ${styles.result}`}>
          <div className={styles.title}>
            <Link href={`/review/responses/${r.id}`}>Response by {r.author.name}</Link>
            <StatusBadge status={r.status} />
            <span className="small muted">
              to{" "}
              <Link href={`/review/prompts/${r.promptId}`}>
                {r.externalId ? <code>{r.externalId}</code> : "its prompt"}
              </Link>
            </span>
          </div>
          <p className={styles.preview}>{preview(r.turns)}</p>
          <ul className={styles.facts}>
            <li>
              submitted <LocalTime value={r.submittedAt} />
            </li>
            <li>revision {r.revision}</li>
            <li>{r.guidelinesVersion === null ? "no guidelines version" : `guidelines v${r.guidelinesVersion}`}</li>
            <li>{r.score === null ? "no score" : `score ${r.score.toFixed(1)}`}</li>
          </ul>
        </li>
      ))}
    </ol>
  );
}
