import { fillSlots, type PromptMessage } from "@/lib/conversation/types";
import { Markdown } from "@/components/markdown";
import styles from "./conversation-view.module.css";

const ROLE_LABEL = { system: "System", user: "User", assistant: "Assistant" } as const;

/**
 * The prompt with the response's turns in its slots. The turns the labeler wrote are framed and
 * named as theirs, so a reviewer never mistakes given context for the work under review.
 */
export function ConversationView({
  messages,
  turns,
  author,
}: {
  messages: PromptMessage[];
  turns: string[];
  author: string;
}) {
  const filled = fillSlots(messages, turns);
  return (
    <ol className={styles.conversation} aria-label="Conversation">
      {filled.map((message, i) => {
        const written = messages[i]?.role === "assistant" && messages[i]?.content === null;
        return (
          <li
            key={i}
            className={`${styles.message} ${written ? styles.written : styles[message.role]}`}
            aria-label={written ? `Response written by ${author}` : ROLE_LABEL[message.role]}
          >
            <div className={styles.header}>
              <span className={styles.role}>{ROLE_LABEL[message.role]}</span>
              {written && <span className="badge badge-accent">Written by {author}</span>}
            </div>
            <Markdown>{message.content}</Markdown>
          </li>
        );
      })}
    </ol>
  );
}
