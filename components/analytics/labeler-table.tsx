import type { LabelerStats } from "@/lib/analytics/types";
import { formatCount, formatDecimal, formatPercent } from "@/components/analytics/format";
import { formatDuration } from "@/lib/format/duration";
import styles from "./analytics.module.css";

type Props = { labelers: readonly LabelerStats[]; criteria: ReadonlyArray<{ key: string; label: string }> };

export function LabelerTable({ labelers, criteria }: Props) {
  if (labelers.length === 0) return <p className="muted">No responses submitted yet.</p>;
  return (
    <div className={styles.scroll}>
      <table className={`table ${styles.numbers}`}>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Labeler
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Submitted
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Accepted<span className={styles.sub}>of decided</span>
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Revised<span className={styles.sub}>of decided</span>
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Writing time<span className={styles.sub}>median</span>
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Tokens<span className={styles.sub}>median</span>
            </th>
            {criteria.length > 0 && (
              <th scope="colgroup" colSpan={criteria.length} className={styles.group}>
                Mean score (1–5)
              </th>
            )}
            <th scope="col" rowSpan={2} className={styles.num}>
              Text changed<span className={styles.sub}>mean edit distance</span>
            </th>
          </tr>
          <tr>
            {criteria.map((c) => (
              <th key={c.key} scope="col" className={styles.num}>
                {c.label}
              </th>
            ))}
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
                {formatPercent(l.acceptanceRate)}
                <span className={styles.sub}>
                  {l.accepted} of {l.decided}
                </span>
              </td>
              <td className={styles.num}>
                {formatPercent(l.revisionRate)}
                <span className={styles.sub}>
                  {l.revised} of {l.decided}
                </span>
              </td>
              <td className={styles.num}>{formatDuration(l.medianActiveMs)}</td>
              <td className={styles.num}>{formatCount(l.medianTokens)}</td>
              {criteria.map((c) => (
                <td key={c.key} className={styles.num}>
                  {formatDecimal(l.meanScores[c.key])}
                </td>
              ))}
              <td className={styles.num}>
                {formatPercent(l.meanEditDistance)}
                <span className={styles.sub}>{l.editedByReviewer} edited by a reviewer</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
