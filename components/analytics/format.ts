// How the analytics page writes its numbers; "—" wherever a number is undefined (nothing to measure).

const DASH = "—";
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export const formatPercent = (value: number | null | undefined) =>
  value === null || value === undefined ? DASH : percent.format(value);
export const formatDecimal = (value: number | null | undefined) =>
  value === null || value === undefined ? DASH : decimal.format(value);
export const formatCount = (value: number | null | undefined) =>
  value === null || value === undefined ? DASH : whole.format(value);

// Durations: formatDuration in lib/format/duration.ts, the one the other screens use too.

const shortDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A UTC day (YYYY-MM-DD) as "2 Mar", for a chart's axis. */
export const formatShortDay = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));
/** A UTC day as "2 Mar 2026". */
export const formatDay = (day: string) => longDay.format(new Date(`${day}T00:00:00Z`));
