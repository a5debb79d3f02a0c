const DASH = "—";

/**
 * A duration as a person says it: "8 s", "2 min 5 s", "1 h 3 min"; "—" when there is nothing to
 * measure. `wholeMinutes` is for a clock that runs while you watch (the writing screen's active time):
 * seconds would change every tick, so it says "< 1 min", "12 min", "1 h 3 min", rounded down.
 */
export function formatDuration(ms: number | null | undefined, { wholeMinutes = false } = {}): string {
  if (ms === null || ms === undefined) return DASH;
  if (wholeMinutes) {
    const minutes = Math.floor(ms / 60_000);
    if (minutes < 1) return "< 1 min";
    return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
