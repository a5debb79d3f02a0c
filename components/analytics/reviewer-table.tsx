import type { ReviewerStats } from "@/lib/analytics/types";
import { formatCount, formatPercent } from "@/components/analytics/format";
import { formatDuration } from "@/lib/format/duration";
import styles from "./analytics.module.css";

export function ReviewerTable({ reviewers }: { reviewers: readonly ReviewerStats[] }) {
  if (reviewers.length === 0) return <p className="muted">No reviews yet.</p>;
  return (
    <div className={styles.scroll}>
      <table className={`table ${styles.numbers}`}>
        <thead>
          <tr>
            <th scope="col">Reviewer</th>
            <th scope="col" className={styles.num}>
              Decisions
            </th>
            <th scope="col" className={styles.num}>
              Accept
            </th>
            <th scope="col" className={styles.num}>
              Edit
            </th>
            <th scope="col" className={styles.num}>
              Revise
            </th>
            <th scope="col" className={styles.num}>
              Reject
            </th>
            <th scope="col" className={styles.num}>
              Second opinions
            </th>
            <th scope="col" className={styles.num}>
              Review time<span className={styles.sub}>median</span>
            </th>
            <th scope="col" className={styles.num}>
              Agreement<span className={styles.sub}>with other reviewers</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {reviewers.map((r) => (
            <tr key={r.id}>
              <th scope="row" className={styles.name}>
                {r.name}
              </th>
              <td className={styles.num}>{formatCount(r.decisions)}</td>
              <td className={styles.num}>{formatCount(r.byDecision.accept)}</td>
              <td className={styles.num}>{formatCount(r.byDecision.edit)}</td>
              <td className={styles.num}>{formatCount(r.byDecision.revise)}</td>
              <td className={styles.num}>{formatCount(r.byDecision.reject)}</td>
              <td className={styles.num}>{formatCount(r.secondOpinions)}</td>
              <td className={styles.num}>{formatDuration(r.medianDurationMs)}</td>
              <td className={styles.num}>
                {formatPercent(r.observedAgreement)}
                <span className={styles.sub}>
                  on {r.pairedResponses} shared {r.pairedResponses === 1 ? "response" : "responses"}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
