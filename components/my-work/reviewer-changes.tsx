import type { ReviewerEdit } from "@/lib/analytics/my-work";
import { Markdown } from "@/components/markdown";
import { RevisionDiff } from "@/components/review/revision-diff";

/**
 * What a reviewer's edit changed in the author's text, turn by turn: the author's last revision
 * against the reviewer's. The final text, the one exported, follows for reading as it renders.
 */
export function ReviewerChanges({ edit }: { edit: ReviewerEdit }) {
  const turns = Math.max(edit.before.length, edit.after.length);
  const many = turns > 1;
  return (
    <section className="stack" aria-labelledby="changes" id="changes-section">
      <h2 id="changes">What the reviewer changed</h2>
      <p className="small muted">
        {edit.reviewer} edited your text and accepted it as revision {edit.revision}: struck-through words are yours
        they removed, underlined ones they added. Their version is the one used for training.
      </p>
      {Array.from({ length: turns }, (_, i) => (
        <div key={i} className="stack">
          {many && <h3 className="small">Turn {i + 1}</h3>}
          <RevisionDiff
            before={edit.before[i] ?? ""}
            after={edit.after[i] ?? ""}
            label={`The reviewer's changes to ${many ? `turn ${i + 1}` : "your response"}`}
          />
        </div>
      ))}
      <details>
        <summary>The final text, as the reviewer left it</summary>
        {edit.after.map((turn, i) => (
          <div key={i} className="stack">
            {many && <h3 className="small">Turn {i + 1}</h3>}
            <Markdown>{turn}</Markdown>
          </div>
        ))}
      </details>
    </section>
  );
}
