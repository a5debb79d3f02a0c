// How the analytics page writes its numbers; "—" wherever a number is undefined (nothing to measure).

const DASH = "—";
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export const formatPercent = (value: number | null | undefined) => (value === null || value === undefined ? DASH : percent.format(value));
export const formatDecimal = (value: number | null | undefined) => (value === null || value === undefined ? DASH : decimal.format(value));
export const formatCount = (value: number | null | undefined) => (value === null || value === undefined ? DASH : whole.format(value));

/** 8 s, 2 min 5 s, 1 h 3 min: durations as a person says them. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const shortDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A UTC day (YYYY-MM-DD) as "2 Mar", for a chart's axis. */
export const formatShortDay = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));
/** A UTC day as "2 Mar 2026". */
export const formatDay = (day: string) => longDay.format(new Date(`${day}T00:00:00Z`));
