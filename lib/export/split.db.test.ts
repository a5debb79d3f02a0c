import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { splitBucket, splitBucketSql, splitOf, splitPosition, splitThreshold } from "@/lib/export/split";

/** Deterministic UUID-shaped ids, so the statistics below are the same on every run. */
function ids(count: number, salt = "split"): string[] {
  return Array.from({ length: count }, (_, i) => {
    const h = createHash("sha1").update(`${salt}:${i}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  });
}

describe("the train/validation split", () => {
  it("puts the requested fraction of 100,000 prompts in validation, within ±1 %", () => {
    const buckets = ids(100_000).map(splitBucket);
    for (const fraction of [0.05, 0.1, 0.5, 0.9]) {
      const threshold = splitThreshold(fraction);
      const validation = buckets.filter((b) => b < threshold).length / buckets.length;
      expect(Math.abs(validation - fraction)).toBeLessThan(0.01);
    }
    expect(splitOf(ids(1)[0]!, 0.5)).toBe(buckets[0]! < 2 ** 31 ? "validation" : "train");
  });

  // Disjointness and stability as data grows are properties of the SQL export (export-filters.api.test.ts);
  // here, only what a pure function can still get wrong.
  it("a larger fraction only adds to validation", () => {
    const before = ids(1_000);
    const small = before.filter((id) => splitOf(id, 0.05) === "validation");
    expect(small.every((id) => splitOf(id, 0.1) === "validation")).toBe(true);
  });

  it("places a prompt by the first 32 bits of md5 of its lowercase id", () => {
    const id = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
    const md5 = createHash("md5").update(id.toLowerCase()).digest("hex");
    expect(splitBucket(id)).toBe(parseInt(md5.slice(0, 8), 16));
    expect(splitPosition(id)).toBeGreaterThanOrEqual(0);
    expect(splitPosition(id)).toBeLessThan(1);
    expect(splitThreshold(0.5)).toBe(2 ** 31);
  });

  it("computes the same bucket in PostgreSQL as in TypeScript", async () => {
    const sample = ids(2_000, "sql");
    const { rows } = await pool().query<{ id: string; bucket: string }>(
      `SELECT id::text, ${splitBucketSql("id")}::text AS bucket FROM unnest($1::uuid[]) AS id`,
      [sample],
    );
    expect(rows).toHaveLength(sample.length);
    for (const row of rows) expect(Number(row.bucket)).toBe(splitBucket(row.id));
  });
});
