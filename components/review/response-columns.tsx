import Link from "next/link";
import type { PromptMessage } from "@/lib/conversation/types";
import { Markdown } from "@/components/markdown";
import { StatusBadge } from "@/components/review/status-badge";
import conversation from "./conversation-view.module.css";
import styles from "./response-columns.module.css";

const ROLE_LABEL = { system: "System", user: "User", assistant: "Assistant" } as const;

/**
 * The prompt once, with its response slots named, so the columns below need not repeat it.
 * `slotNote`: what a slot says instead (a page without the columns).
 */
export function PromptContext({
  messages,
  slotNote = (slot) => `Turn ${slot} of the responses: see the columns below.`,
}: {
  messages: PromptMessage[];
  slotNote?: (slot: number) => string;
}) {
  let slot = 0;
  return (
    <ol className={conversation.conversation} aria-label="Prompt">
      {messages.map((m, i) => {
        const isSlot = m.role === "assistant" && m.content === null;
        if (isSlot) slot += 1;
        return (
          <li key={i} className={`${conversation.message} ${isSlot ? styles.slot : conversation[m.role]}`}>
            <div className={conversation.header}>
              <span className={conversation.role}>{ROLE_LABEL[m.role]}</span>
            </div>
            {isSlot ? <p className="muted small">{slotNote(slot)}</p> : <Markdown>{m.content ?? ""}</Markdown>}
          </li>
        );
      })}
    </ol>
  );
}

export type ColumnResponse = { id: string; letter: string; author: string; status: string; turns: string[] };

/** The responses side by side, each column scrolling on its own. */
export function ResponseColumns({ responses }: { responses: ColumnResponse[] }) {
  return (
    <div className={styles.columns}>
      {responses.map((r) => (
        <section key={r.id} className={`card ${styles.column}`} aria-labelledby={`column-${r.id}`}>
          <header className={styles.columnHeader}>
            <h2 id={`column-${r.id}`} className={styles.columnTitle}>
              Response {r.letter}
            </h2>
            <span className="small muted">by {r.author}</span>
            <StatusBadge status={r.status} />
            <span className="spacer" />
            <Link href={`/review/responses/${r.id}`} className="small">
              Review {r.letter}
            </Link>
          </header>
          <div className={styles.body} role="region" aria-label={`Text of response ${r.letter}`} tabIndex={0}>
            {r.turns.map((turn, i) => (
              <div key={i} className={styles.turn}>
                {r.turns.length > 1 && <div className={conversation.role}>Turn {i + 1}</div>}
                <Markdown>{turn}</Markdown>
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
