import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import type { Client } from "pg";

export const MB = 1_000_000;
export const count = (n: number) => Math.round(n).toLocaleString("en-US");
export const fixed = (n: number, digits = 1) => n.toFixed(digits);

export type Measurement = { label: string; rows: number; bytes: number; seconds: number };

export function rowsPerSecond(m: Measurement): number {
  return m.rows / m.seconds;
}

/** A small aligned table: label, rows/s, MB/s, MB, seconds. */
export function printTable(measurements: Measurement[]): void {
  const header = ["", "rows", "rows/s", "MB/s", "MB", "seconds"];
  const rows = measurements.map((m) => [
    m.label,
    count(m.rows),
    count(m.rows / m.seconds),
    fixed(m.bytes / MB / m.seconds),
    fixed(m.bytes / MB),
    fixed(m.seconds, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const line of [header, ...rows]) {
    console.log(line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
  }
}

/**
 * The endpoint against its COPY baseline (export, import): the table, the rows/s ratio and the server's
 * peak memory against their targets, and the load average, which says what else the machine was doing.
 * Returns the ratio, for the JSON line.
 */
export function printEndpointVsCopy(
  endpoint: Measurement,
  copy: Measurement,
  targets: { ratio: number; rssMb: number; doing: string },
  memory: { peakRss: number; hwm: number },
): number {
  printTable([endpoint, copy]);
  const ratio = rowsPerSecond(endpoint) / rowsPerSecond(copy);
  console.log(
    `ratio endpoint/COPY (rows/s): ${fixed(ratio, 2)} (target ≥ ${targets.ratio}: ${verdict(ratio, targets.ratio, "min")})`,
  );
  const { peakRss, hwm } = memory;
  console.log(
    `server peak RSS while ${targets.doing}: ${fixed(peakRss / MB, 0)} MB (VmHWM since start ${fixed(hwm / MB, 0)} MB; target ≤ ${targets.rssMb} MB: ${verdict(peakRss / MB, targets.rssMb, "max")})`,
  );
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  return ratio;
}

export function verdict(value: number, target: number, direction: "min" | "max"): string {
  const ok = direction === "min" ? value >= target : value <= target;
  return ok ? "meets the target" : "MISSES the target";
}

/** What the figures came from: they mean little without the machine and what else was running on it. */
export async function machine(db: Client): Promise<string> {
  const { rows } = await db.query<{ version: string }>("SELECT version()");
  const settings = await db.query<{ name: string; setting: string }>(
    "SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_wal_size', 'synchronous_commit')",
  );
  const node = process.version;
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // keep os.cpus()
  }
  const pg = rows[0]!.version.split(" on ")[0];
  const conf = settings.rows.map((s) => `${s.name}=${s.setting}`).join(", ");
  return [
    `machine: ${nproc} CPU (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${node}, ${pg} (${conf})`,
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  ].join("\n");
}

export function elapsedSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The nearest-rank p-th percentile (0 < p ≤ 100) of the values; NaN when there are none. Every bench uses this one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
