import { diffLines, diffWordsWithSpace } from "diff";

/** One run of text in a guidelines diff; `skip` stands for unchanged lines left out. */
export type DiffPart = { kind: "same" | "added" | "removed"; text: string } | { kind: "skip"; lines: number };

const CONTEXT_LINES = 2;

/**
 * What changed between two guidelines versions, for the labeler's banner: changed lines with
 * their changed words marked, two lines of context around each change, and the rest folded.
 * Plain text parts: the screen renders them as text, never as markdown or HTML.
 */
export function guidelinesDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  const blocks = diffLines(normalize(before), normalize(after));
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    if (block.removed && next?.added) {
      // A replaced run of lines: show which words changed, not two whole paragraphs.
      for (const word of diffWordsWithSpace(block.value, next.value)) {
        parts.push({ kind: word.added ? "added" : word.removed ? "removed" : "same", text: word.value });
      }
      i++;
    } else if (block.added || block.removed) {
      parts.push({ kind: block.added ? "added" : "removed", text: block.value });
    } else {
      parts.push(...fold(block.value, i === 0, i === blocks.length - 1));
    }
  }
  return merge(parts);
}

function normalize(text: string): string {
  const unix = text.replace(/\r\n?/g, "\n");
  return unix.endsWith("\n") ? unix : `${unix}\n`;
}

/** Unchanged lines: keep the context next to a change, fold the middle. */
function fold(text: string, first: boolean, last: boolean): DiffPart[] {
  const lines = text.split(/(?<=\n)/);
  const head = first ? 0 : CONTEXT_LINES;
  const tail = last ? 0 : CONTEXT_LINES;
  if (lines.length <= head + tail + 1) return [{ kind: "same", text }];
  const parts: DiffPart[] = [];
  if (head) parts.push({ kind: "same", text: lines.slice(0, head).join("") });
  parts.push({ kind: "skip", lines: lines.length - head - tail });
  if (tail) parts.push({ kind: "same", text: lines.slice(-tail).join("") });
  return parts;
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (part.kind !== "skip" && last && last.kind === part.kind && "text" in last) {
      out[out.length - 1] = { kind: part.kind, text: last.text + part.text };
    } else if (part.kind === "skip" || part.text) {
      out.push(part);
    }
  }
  return out;
}
