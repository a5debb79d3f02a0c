import { memo } from "react";
import type { TokenizedText } from "@/lib/tokenizer/tokenize";
import styles from "./protocol.module.css";

/** Spans per chunk: a chunk re-renders only when its own text or boundaries change. */
const CHUNK = 256;

/** Whitespace made visible: a space is `·`, a tab `→`, a line end `↵` before the real break. */
function visible(text: string): string {
  return text.replace(/ /g, "·").replace(/\t/g, "→\t").replace(/\r/g, "␍").replace(/\n/g, "↵\n");
}

type ChunkProps = {
  text: string;
  ends: Uint32Array;
  tokens: Uint8Array;
  special: Uint8Array;
  start: number;
  parity: number;
};

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Token spans with alternating backgrounds. User text is only ever a React text child: never HTML.
 * Off-screen chunks skip layout and paint (content-visibility), so a 20,000-token conversation
 * costs what is on screen.
 */
const Chunk = memo(
  function Chunk({ text, ends, tokens, special, start, parity }: ChunkProps) {
    const spans = [];
    let from = start;
    for (let i = 0; i < ends.length; i++) {
      const to = ends[i]!;
      const piece = text.slice(from - start, to - start);
      const n = tokens[i]!;
      const kind = special[i] ? styles.special : n > 1 ? styles.split : (i + parity) % 2 ? styles.odd : styles.even;
      spans.push(
        <span
          key={i}
          className={kind}
          title={special[i] ? "special token" : n > 1 ? `${n} tokens in one character` : undefined}
        >
          {special[i] ? piece : visible(piece)}
        </span>,
      );
      from = to;
    }
    return <div className={styles.chunk}>{spans}</div>;
  },
  (a, b) =>
    a.text === b.text &&
    a.start === b.start &&
    a.parity === b.parity &&
    sameArray(a.ends, b.ends) &&
    sameArray(a.tokens, b.tokens) &&
    sameArray(a.special, b.special),
);

/**
 * One message's block, cut into chunks of about CHUNK spans. A chunk is a block box (content-visibility
 * needs one), so it ends at a line break where one comes within 4 × CHUNK spans.
 */
export const TokenSpans = memo(function TokenSpans({ tokenized }: { tokenized: TokenizedText }) {
  const { text, ends, tokens, special } = tokenized;
  const chunks = [];
  let first = 0;
  while (first < ends.length) {
    let last = Math.min(first + CHUNK, ends.length);
    const limit = Math.min(first + 4 * CHUNK, ends.length);
    while (last < limit && text[ends[last - 1]! - 1] !== "\n") last++;
    const start = first === 0 ? 0 : ends[first - 1]!;
    chunks.push(
      <Chunk
        key={first}
        text={text.slice(start, ends[last - 1])}
        start={start}
        parity={first % 2}
        ends={ends.subarray(first, last)}
        tokens={tokens.subarray(first, last)}
        special={special.subarray(first, last)}
      />,
    );
    first = last;
  }
  return <>{chunks}</>;
});
