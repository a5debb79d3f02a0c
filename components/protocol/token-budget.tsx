import styles from "./protocol.module.css";

/** From this share of the limit the bar turns amber, to warn before the limit; over it, red. */
const WARN_FROM = 0.8;

/**
 * One turn's token budget: its count against the project's limit, with a bar. `count` is
 * null while the tokenizer loads.
 */
export function TokenBudget({ id, count, max }: { id?: string; count: number | null; max: number }) {
  if (count === null) {
    return (
      <div id={id} className={styles.budget}>
        <span className={styles.budgetText}>counting…</span>
      </div>
    );
  }
  const share = max > 0 ? count / max : 1;
  const level = count > max ? "over" : share >= WARN_FROM ? "near" : "ok";
  return (
    <div id={id} className={styles.budget} data-level={level}>
      <div
        className={styles.bar}
        role="meter"
        aria-label="Token budget"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(count, max)}
        aria-valuetext={`${count.toLocaleString("en")} of ${max.toLocaleString("en")} tokens`}
      >
        <div className={styles.fill} style={{ width: `${Math.min(share, 1) * 100}%` }} />
      </div>
      <span className={styles.budgetText}>
        {count.toLocaleString("en")} / {max.toLocaleString("en")} tokens
        {level === "near" && <> — {Math.floor(share * 100)} % of the limit</>}
        {level === "over" && <> — {(count - max).toLocaleString("en")} over the limit</>}
      </span>
    </div>
  );
}
