import type { DiffPart } from "@/lib/tasks/guidelines-diff";

/** Class names the caller's stylesheet gives the three kinds of part. */
export type DiffPartClasses = { added?: string; removed?: string; skip?: string };

/**
 * The parts of a guidelines diff (lib/tasks/guidelines-diff.ts) as plain text, never markdown or
 * HTML: guidelines are user text. Added text is an <ins>, removed a <del>, so colour is not the only
 * cue; a run of unchanged lines is folded into one line that counts them.
 */
export function GuidelinesDiffText({ parts, classes }: { parts: DiffPart[]; classes: DiffPartClasses }) {
  return parts.map((part, i) =>
    part.kind === "skip" ? (
      <span key={i} className={classes.skip}>
        ⋯ {part.lines} unchanged line{part.lines === 1 ? "" : "s"}
        {"\n"}
      </span>
    ) : part.kind === "added" ? (
      <ins key={i} className={classes.added}>
        {part.text}
      </ins>
    ) : part.kind === "removed" ? (
      <del key={i} className={classes.removed}>
        {part.text}
      </del>
    ) : (
      <span key={i}>{part.text}</span>
    ),
  );
}
