import Link from "next/link";
import type { PromptListItem } from "@/lib/search/search-prompts";
import { LocalTime } from "@/components/local-time";
import styles from "./search.module.css";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the responses to a prompt are, in words: "2 responses: 1 accepted, 1 sent back". */
function responsesInWords(p: PromptListItem): string {
  if (p.responseCount === 0) return "no response yet";
  const c = p.statusCounts;
  const parts = [
    c.submitted && `${c.submitted} waiting for review`,
    c.needs_revision && `${c.needs_revision} sent back`,
    c.accepted && `${c.accepted} accepted`,
    c.rejected && `${c.rejected} rejected`,
  ].filter(Boolean);
  return `${plural(p.responseCount, "response")}: ${parts.join(", ")}`;
}

/** The prompts found, each a link to the prompt with everything; the preview is plain text. */
export function PromptResults({ items }: { items: PromptListItem[] }) {
  return (
    <ol className={styles.results} aria-label="Prompts found">
      {items.map((p) => (
        <li key={p.id} className={`card ${styles.result}`}>
          <div className={styles.title}>
            <Link href={`/review/prompts/${p.id}`}>
              {p.externalId ? <code>{p.externalId}</code> : `Prompt ${p.id.slice(0, 8)}`}
            </Link>
          </div>
          {p.preview !== null && <p className={styles.preview}>{p.preview}</p>}
          <ul className={styles.facts}>
            <li>{plural(p.messageCount, "message")}</li>
            <li>{plural(p.turns, "turn")} to write</li>
            <li>{responsesInWords(p)}</li>
            <li>
              imported <LocalTime value={p.createdAt} />
            </li>
          </ul>
        </li>
      ))}
    </ol>
  );
}
