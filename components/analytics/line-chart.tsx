import styles from "./line-chart.module.css";

export type ChartSeries = { label: string; values: ReadonlyArray<number | null>; tone?: "accent" | "ok" };

type Props = {
  title: string;
  /** What the chart shows, in words: the image's accessible name. */
  summary: string;
  /** One label per point (dates), shown under the x axis and in the fallback table. */
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** Fixed top of the y axis (1 for rates); otherwise a round number above the largest value. */
  yMax?: number;
  format?: (value: number) => string;
  /** How an x label reads on the axis (short) — the table keeps the full label. */
  formatLabel?: (label: string) => string;
};

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 16, bottom: 28, left: 48 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const Y_TICKS = 4;
const MAX_X_LABELS = 7;
const MAX_DOTS = 60;

/** 1, 2 or 5 times a power of ten (at least 1), at or above `value`: ticks read as round counts. */
export function niceStep(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].find((s) => s * power >= value)! * power;
}

/**
 * A small line chart drawn as SVG on the server: no chart library, no client JavaScript. The
 * picture is one image with a summary for screen readers, and the numbers are in a visually
 * hidden table beside it. Missing values (null) leave a gap rather than drawing a false zero.
 */
export function LineChart({ title, summary, labels, series, yMax, format = String, formatLabel = (l) => l }: Props) {
  const largest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const top = yMax ?? niceStep(largest / Y_TICKS) * Y_TICKS;
  const n = labels.length;
  const x = (i: number) => PAD.left + (n <= 1 ? PLOT_W / 2 : (i / (n - 1)) * PLOT_W);
  const y = (v: number) => PAD.top + PLOT_H - (Math.min(v, top) / top) * PLOT_H;
  const xEvery = Math.max(1, Math.ceil(n / MAX_X_LABELS));

  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className={styles.svg} role="img" aria-label={summary}>
        {Array.from({ length: Y_TICKS + 1 }, (_, t) => {
          const value = (top / Y_TICKS) * t;
          return (
            <g key={t}>
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={y(value)}
                y2={y(value)}
                className={t === 0 ? styles.axis : styles.grid}
              />
              <text x={PAD.left - 6} y={y(value)} className={styles.yLabel}>
                {format(value)}
              </text>
            </g>
          );
        })}
        {labels.map((label, i) =>
          i % xEvery === 0 || i === n - 1 ? (
            <text key={label} x={x(i)} y={HEIGHT - 8} className={styles.xLabel}>
              {formatLabel(label)}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.label} className={s.tone === "ok" ? styles.ok : styles.accent}>
            <path d={linePath(s.values, x, y)} className={styles.line} />
            {(n <= MAX_DOTS ? s.values : []).map((v, i) =>
              v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={3} className={styles.dot} />,
            )}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <ul className={styles.legend} aria-hidden="true">
          {series.map((s) => (
            <li key={s.label} className={s.tone === "ok" ? styles.ok : styles.accent}>
              <span className={styles.swatch} /> {s.label}
            </li>
          ))}
        </ul>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {series.map((s) => {
                const v = s.values[i];
                return <td key={s.label}>{v === null || v === undefined ? "no data" : format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Line segments through the defined points; a null ends a segment. */
function linePath(values: ReadonlyArray<number | null>, x: (i: number) => number, y: (v: number) => number): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}
