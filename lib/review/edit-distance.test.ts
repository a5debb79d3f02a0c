import { describe, expect, it } from "vitest";
import { levenshtein, normalizedEditDistance, turnsEditDistance } from "@/lib/review/edit-distance";

/** The textbook O(m·n) table, to check the bit-parallel version against. */
function naive(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

function randomText(length: number, alphabet: string, random: () => number): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}

// A small deterministic generator (mulberry32), so a failure can be replayed.
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("edit distance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("abc", "")).toBe(0 + 3);
    expect(levenshtein("same", "same")).toBe(0);
    expect(levenshtein("flaw", "lawn")).toBe(2);
  });

  it("counts a character outside the BMP as one", () => {
    expect(levenshtein("a😀b", "a😃b")).toBe(1);
    expect(normalizedEditDistance("😀", "")).toBe(1);
  });

  it("normalises by the longer text: Levenshtein / max(len)", () => {
    // kitten → sitting: 3 edits, the longer text has 7 characters.
    expect(normalizedEditDistance("kitten", "sitting")).toBeCloseTo(3 / 7, 12);
    expect(normalizedEditDistance("", "")).toBe(0);
    expect(normalizedEditDistance("abc", "xyz")).toBe(1);
    expect(turnsEditDistance(["One.", "Two."], ["One.", "Two."])).toBe(0);
    // "One.\n\nTwo." (10) → "One.\n\nTwo!" : 1 substitution.
    expect(turnsEditDistance(["One.", "Two."], ["One.", "Two!"])).toBeCloseTo(1 / 10, 12);
  });

  it("agrees with the textbook table across block boundaries (31, 32, 33, 64, 65… characters)", () => {
    const random = seeded(42);
    for (let round = 0; round < 400; round++) {
      const lengthA = [0, 1, 31, 32, 33, 63, 64, 65, 100, 130][round % 10]!;
      const lengthB = Math.floor(random() * 140);
      const alphabet = round % 3 === 0 ? "ab" : round % 3 === 1 ? "abcd" : "abcdefghijklmnopqrstuvwxyz ";
      const a = randomText(lengthA, alphabet, random);
      const b = randomText(lengthB, alphabet, random);
      expect(levenshtein(a, b), `${a} / ${b}`).toBe(naive(a, b));
      expect(levenshtein(b, a)).toBe(naive(a, b));
    }
  });

  it("agrees with the table on long texts with local edits and with no common ends", () => {
    const random = seeded(7);
    const base = randomText(700, "abcdefgh ", random);
    const edited = `${base.slice(0, 200)}XYZ${base.slice(260, 500)}${base.slice(520)}`;
    expect(levenshtein(base, edited)).toBe(naive(base, edited));
    const other = randomText(650, "abcdefgh ", random);
    expect(levenshtein(`#${base}#`, `!${other}!`)).toBe(naive(`#${base}#`, `!${other}!`));
  });

  it("is fast on two 20,000-character texts with nothing in common at the ends", () => {
    const random = seeded(3);
    const a = `<${randomText(20_000, "abcdefghij ", random)}`;
    const b = `>${randomText(20_000, "abcdefghij ", random)}`;
    const started = performance.now();
    const distance = levenshtein(a, b);
    expect(distance).toBeGreaterThan(5_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
