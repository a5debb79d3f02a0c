"use client";

import { memo, useId, useMemo, useRef } from "react";
import type { Message } from "@/lib/conversation/types";
import { TOKENIZER_LABELS, type Tokenizer } from "@/lib/tokenizer/encodings";
import { protocolBlocks } from "@/lib/tokenizer/protocol";
import type { TokenizedText } from "@/lib/tokenizer/tokenize";
import { TokenSpans } from "./token-spans";
import { useProtocolTokens } from "./use-protocol-tokens";
import styles from "./protocol.module.css";

type ProtocolPanelProps = {
  onClose: () => void;
  messages: Message[];
  tokenizer: Tokenizer;
};

const count = (n: number) => n.toLocaleString("en");

/**
 * The conversation exactly as it is trained (docs/workspace.md): the ChatML text `format=chatml` exports,
 * every token boundary drawn, counts per message and in total, in the project's encoding. The writing
 * screen shows it in the guidelines' place, so the editor stays in view.
 */
export function ProtocolPanel({ onClose, messages, tokenizer }: ProtocolPanelProps) {
  const titleId = useId();
  const blocks = useStableBlocks(messages);
  const { results, current, failed } = useProtocolTokens(tokenizer, blocks);
  const ready = results.every(Boolean);
  const total = ready ? results.reduce((sum, r) => sum + r!.count, 0) : null;

  return (
    <aside className={styles.pane} aria-labelledby={titleId}>
      <header className={styles.head}>
        <h2 id={titleId} className={styles.title}>
          Protocol view
        </h2>
        <span className={styles.encoding} title={TOKENIZER_LABELS[tokenizer]}>
          {tokenizer}
        </span>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </header>
      <div className={styles.summary}>
        <p className={styles.total} data-current={current && ready ? "true" : "false"}>
          {total === null ? (
            "Counting tokens…"
          ) : (
            <>
              <strong>{count(total)}</strong> tokens in total
            </>
          )}
          {total !== null && !current && <span className={styles.updating}> (updating…)</span>}
        </p>
        <p className={styles.note}>
          ChatML as <code>format=chatml</code> exports it. <code>&lt;|im_start|&gt;</code> and{" "}
          <code>&lt;|im_end|&gt;</code> are one special token each; <span className={styles.legendSpace}>·</span> is a
          space, ↵ a line break.
        </p>
        {failed && <p className="alert alert-error">The tokenizer could not load. Reopen the view to try again.</p>}
      </div>
      <div className={styles.body} role="region" aria-label="Conversation as trained, token by token" tabIndex={0}>
        {messages.map((m, i) => (
          <ProtocolMessage
            key={i}
            index={i}
            role={m.role}
            tokenized={results[i]}
            stale={results[i]?.text !== blocks[i]}
          />
        ))}
      </div>
    </aside>
  );
}

/**
 * The ChatML blocks, keeping last render's string for every message that did not change: the cache
 * lookups of a 20,000-token conversation then hash only the block being typed, not all of them.
 */
function useStableBlocks(messages: Message[]): string[] {
  const previous = useRef<{ messages: Message[]; blocks: string[] }>({ messages: [], blocks: [] });
  return useMemo(() => {
    const before = previous.current;
    const fresh = protocolBlocks(messages);
    const blocks = fresh.map((block, i) => {
      const old = before.messages[i];
      return old && old.role === messages[i]!.role && old.content === messages[i]!.content ? before.blocks[i]! : block;
    });
    previous.current = { messages, blocks };
    return blocks;
  }, [messages]);
}

const ProtocolMessage = memo(function ProtocolMessage({
  index,
  role,
  tokenized,
  stale,
}: {
  index: number;
  role: Message["role"];
  tokenized: TokenizedText | undefined;
  stale: boolean;
}) {
  const headingId = useId();
  return (
    <section className={`${styles.message} ${styles[role]}`} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.messageHead}>
        <span>
          {index + 1}. {role}
        </span>
        <span className={styles.messageCount}>
          {tokenized ? `${count(tokenized.count)} tokens` : "counting…"}
          {stale && tokenized ? " …" : ""}
        </span>
      </h3>
      <div className={styles.tokens}>{tokenized ? <TokenSpans tokenized={tokenized} /> : null}</div>
    </section>
  );
});
