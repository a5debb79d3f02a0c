import { describe, expect, it } from "vitest";
import { formatDuration } from "@/lib/format/duration";

// One function for every duration on screen: the analytics tables and My work (to the second), and
// the writing screen's running "Active …" clock (whole minutes).
describe("formatDuration", () => {
  it("says a measured duration to the second", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(8_400)).toBe("8 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(63 * 60_000 + 20_000)).toBe("1 h 3 min");
  });

  it("says a running clock in whole minutes, rounded down", () => {
    expect(formatDuration(0, { wholeMinutes: true })).toBe("< 1 min");
    expect(formatDuration(59_999, { wholeMinutes: true })).toBe("< 1 min");
    expect(formatDuration(12 * 60_000 + 59_000, { wholeMinutes: true })).toBe("12 min");
    expect(formatDuration(60 * 60_000, { wholeMinutes: true })).toBe("1 h 0 min");
    expect(formatDuration(65 * 60_000, { wholeMinutes: true })).toBe("1 h 5 min");
  });
});
