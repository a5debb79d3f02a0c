import type { AgreementPair } from "@/lib/analytics/types";
import { formatCount, formatDecimal, formatPercent } from "@/components/analytics/format";
import styles from "./analytics.module.css";

type Props = { pairs: readonly AgreementPair[]; criteria: ReadonlyArray<{ key: string; label: string }> };

export function AgreementTable({ pairs, criteria }: Props) {
  if (pairs.length === 0) {
    return (
      <p className="muted">
        No second opinions yet: agreement shows once a response has been reviewed by two reviewers.
      </p>
    );
  }
  return (
    <div className={styles.scroll}>
      <table className={`table ${styles.numbers}`}>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Reviewers
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Shared responses
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Agreed<span className={styles.sub}>accept vs not</span>
            </th>
            <th scope="col" rowSpan={2} className={styles.num}>
              Cohen&rsquo;s κ
            </th>
            {criteria.length > 0 && (
              <th scope="colgroup" colSpan={criteria.length} className={styles.group}>
                Mean absolute score difference (0–4)
              </th>
            )}
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
          {pairs.map((p) => (
            <tr key={`${p.reviewers[0].id}:${p.reviewers[1].id}`}>
              <th scope="row" className={styles.name}>
                {p.reviewers[0].name}{" "}
                <span className="muted" aria-hidden="true">
                  &amp;
                </span>
                <span className="visually-hidden">and</span> {p.reviewers[1].name}
              </th>
              <td className={styles.num}>{formatCount(p.responses)}</td>
              <td className={styles.num}>{formatPercent(p.observedAgreement)}</td>
              <td className={styles.num}>
                {p.kappa === null ? (
                  <span title="Undefined: both reviewers gave one same verdict to everything">—</span>
                ) : (
                  formatDecimal(p.kappa)
                )}
              </td>
              {criteria.map((c) => {
                const d = p.meanAbsoluteDifference[c.key];
                return (
                  <td key={c.key} className={styles.num}>
                    {formatDecimal(d?.mean)}
                    {d && <span className={styles.sub}>n = {d.n}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
