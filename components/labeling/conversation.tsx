import type { ReactNode } from "react";
import type { PromptMessage } from "@/lib/conversation/types";
import { Markdown } from "@/components/markdown";
import styles from "./conversation.module.css";

const ROLE_LABEL = { system: "System", user: "User", assistant: "Assistant" } as const;

/**
 * The prompt as the model will see it, top to bottom. Each slot (an assistant message with
 * content null) is drawn by `renderSlot` where it stands, so the labeler writes in context.
 */
export function Conversation({
  messages,
  renderSlot,
}: {
  messages: PromptMessage[];
  renderSlot: (slotIndex: number) => ReactNode;
}) {
  let slot = 0;
  const lastSlot = messages.findLastIndex((m) => m.role === "assistant" && m.content === null);
  const answered = messages.findLastIndex((m, i) => i < lastSlot && m.role === "user");
  return (
    <ol className={styles.messages}>
      {messages.map((message, i) => {
        if (message.role === "assistant" && message.content === null) {
          const editor = renderSlot(slot++);
          return editor ? <li key={i}>{editor}</li> : null; // a slot drawn elsewhere (the pinned last turn)
        }
        return (
          <li
            key={i}
            className={`${styles.message} ${styles[message.role]}`}
            // The turn the last slot answers: the screen keeps it in view (use-turn-in-view.ts).
            data-answered={i === answered ? "" : undefined}
          >
            <div className={styles.role}>{ROLE_LABEL[message.role]}</div>
            {message.content ? <Markdown>{message.content}</Markdown> : <p className="muted">(empty)</p>}
          </li>
        );
      })}
    </ol>
  );
}
