import type { ModelUse } from "@/lib/analytics/types";
import { formatCount, formatPercent } from "@/components/analytics/format";
import styles from "./analytics.module.css";

/** The rubber-stamp rule in words, from the numbers the stats carry. */
export function rubberStampRule({ minShareKept, baseMs, msPerToken }: ModelUse["rubberStamp"]): string {
  return (
    `kept at least ${formatPercent(minShareKept)} of the draft and submitted in less active time than ` +
    `${baseMs / 1000} s plus ${msPerToken} ms per token of the response`
  );
}

/** Per labeler: how many responses started from a model draft, how much of it they kept, rubber-stamps. */
export function ModelUseTable({ modelUse }: { modelUse: ModelUse }) {
  const { labelers } = modelUse;
  if (!labelers.some((l) => l.fromDraft > 0)) return <p className="muted">No response started from a model draft.</p>;
  return (
    <div className={styles.scroll}>
      <table className={`table ${styles.numbers}`}>
        <thead>
          <tr>
            <th scope="col">Labeler</th>
            <th scope="col" className={styles.num}>
              Submitted
            </th>
            <th scope="col" className={styles.num}>
              From a draft<span className={styles.sub}>share of submitted</span>
            </th>
            <th scope="col" className={styles.num}>
              Share kept<span className={styles.sub}>median</span>
            </th>
            <th scope="col" className={styles.num}>
              Rubber-stamped<span className={styles.sub}>of those from a draft</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {labelers.map((l) => (
            <tr key={l.id}>
              <th scope="row" className={styles.name}>
                {l.name}
              </th>
              <td className={styles.num}>{formatCount(l.submitted)}</td>
              <td className={styles.num}>
                {formatCount(l.fromDraft)}
                <span className={styles.sub}>{formatPercent(l.fromDraftShare)}</span>
              </td>
              <td className={styles.num}>{formatPercent(l.medianShareKept)}</td>
              <td className={styles.num}>
                {l.rubberStamped > 0 ? (
                  <strong className={styles.flag} title="Submitted nearly unchanged in very little time">
                    ⚑ {formatCount(l.rubberStamped)}
                  </strong>
                ) : (
                  formatCount(l.rubberStamped)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
