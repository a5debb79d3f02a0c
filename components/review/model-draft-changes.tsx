import type { ModelDraftView } from "@/lib/review/response-view";
import { formatPercent } from "@/components/analytics/format";
import { RevisionDiff } from "./revision-diff";
import styles from "./revision-diff.module.css";

/**
 * "Changes from the model draft": for each turn that started from a model suggestion, what the labeler
 * changed in it (the same word diff as between revisions), the model that wrote it and the share of it
 * kept. Every text here (the draft, the labeler's text, the model's name) is user or model input, so
 * it is rendered as text, never as markdown or HTML.
 */
export function ModelDraftChanges({ drafts, turnCount }: { drafts: readonly ModelDraftView[]; turnCount: number }) {
  if (drafts.length === 0) return null;
  const revision = drafts[0]!.revision;
  return (
    <div className="stack">
      <p className="small muted">
        Measured on the labeler&apos;s own submitted text (revision {revision}) against the suggestion they started
        from; a reviewer&apos;s edit is not counted. <ins className={styles.ins}>Added</ins> by the labeler,{" "}
        <del className={styles.del}>removed</del> from the draft.
      </p>
      {drafts.map((d) => {
        const where = turnCount > 1 ? `turn ${d.turn + 1}` : "the response";
        return (
          <div key={d.turn} className="stack" data-testid="model-draft-change">
            <p className="small">
              {turnCount > 1 && <strong>Turn {d.turn + 1}: </strong>}
              drafted by <strong>{d.model}</strong> — <strong>{formatPercent(d.shareKept)}</strong> of the draft kept (
              {d.editDistance} character {d.editDistance === 1 ? "edit" : "edits"})
            </p>
            <RevisionDiff before={d.draft} after={d.submitted} label={`Changes from the model draft in ${where}`} />
          </div>
        );
      })}
    </div>
  );
}
