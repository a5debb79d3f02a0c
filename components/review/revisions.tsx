import type { RevisionView } from "@/lib/review/response-view";
import { LocalTime } from "@/components/local-time";
import { RevisionDiff } from "./revision-diff";
import styles from "./revision-diff.module.css";

/**
 * Every revision of a response, and what changed between the author's original (revision 1)
 * and the final text: the author's own changes after a revise and a reviewer's edit.
 */
export function Revisions({ revisions }: { revisions: RevisionView[] }) {
  const first = revisions[0];
  const last = revisions.at(-1);
  return (
    <div className="stack">
      <ol className={styles.revisions}>
        {revisions.map((r) => (
          <li key={r.number} className="small">
            <strong>Revision {r.number}</strong> — {r.by === "reviewer" ? "edited by reviewer" : "by the author"}{" "}
            {r.author.name}, <LocalTime value={r.createdAt} />
          </li>
        ))}
      </ol>
      {first && last && last.number !== first.number ? (
        <>
          <h3>
            Changes from revision {first.number} (the author&apos;s original) to revision {last.number} (final)
          </h3>
          {Array.from({ length: Math.max(first.turns.length, last.turns.length) }, (_, i) => (
            <div key={i} className="stack">
              {last.turns.length > 1 && <span className="small muted">Turn {i + 1}</span>}
              <RevisionDiff
                before={first.turns[i] ?? ""}
                after={last.turns[i] ?? ""}
                label={`Changes to ${last.turns.length > 1 ? `turn ${i + 1}` : "the response"}`}
              />
            </div>
          ))}
        </>
      ) : (
        <p className="small muted">One revision so far: nothing to compare.</p>
      )}
    </div>
  );
}
