import type { DailyPoint } from "@/lib/analytics/types";
import { LineChart } from "@/components/analytics/line-chart";
import { formatDay, formatPercent, formatShortDay } from "@/components/analytics/format";
import styles from "./analytics.module.css";

/** Daily throughput and acceptance over time, with summaries a screen reader can read out. */
export function ActivityCharts({ daily }: { daily: readonly DailyPoint[] }) {
  if (daily.length === 0)
    return <p className="muted">No activity yet: the charts start with the first submitted response.</p>;
  const labels = daily.map((d) => d.date);
  const span = `${formatDay(daily[0]!.date)} to ${formatDay(daily.at(-1)!.date)}`;
  const submitted = daily.reduce((n, d) => n + d.submitted, 0);
  const decided = daily.reduce((n, d) => n + d.decided, 0);
  const accepted = daily.reduce((n, d) => n + d.accepted, 0);
  const busiest = daily.reduce((best, d) => (d.submitted > best.submitted ? d : best), daily[0]!);
  const rated = daily.filter((d) => d.acceptanceRate !== null);
  const rates = rated.map((d) => d.acceptanceRate!);

  return (
    <div className={styles.charts}>
      <LineChart
        title="Daily throughput"
        summary={
          `Responses submitted and decided per day, ${span}: ${submitted} submitted, ${decided} decided` +
          (submitted > 0
            ? `; the busiest day was ${formatDay(busiest.date)} with ${busiest.submitted} submitted.`
            : ".")
        }
        labels={labels}
        formatLabel={formatShortDay}
        series={[
          { label: "Submitted", values: daily.map((d) => d.submitted), tone: "accent" },
          { label: "Decided", values: daily.map((d) => d.decided), tone: "ok" },
        ]}
      />
      <LineChart
        title="Acceptance over time"
        summary={
          rated.length === 0
            ? `No decisions yet, ${span}.`
            : `Share of decisions that accepted, per day, ${span}: ${formatPercent(accepted / decided)} overall, ` +
              `between ${formatPercent(Math.min(...rates))} and ${formatPercent(Math.max(...rates))} on the ${rated.length} days with decisions.`
        }
        labels={labels}
        formatLabel={formatShortDay}
        yMax={1}
        format={(v) => formatPercent(v)}
        series={[{ label: "Accepted", values: daily.map((d) => d.acceptanceRate), tone: "ok" }]}
      />
    </div>
  );
}
