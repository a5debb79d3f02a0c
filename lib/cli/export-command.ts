import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { AppError } from "@/lib/errors";
import { exportJsonl } from "@/lib/export/export-jsonl";
import { gzipStream } from "@/lib/export/gzip";
import type { ExportProgress } from "@/lib/export/snapshot-stream";
import { required } from "@/lib/cli/args";

// The progress line is redrawn at most this often, so it costs nothing next to the export.
const PROGRESS_MS = 250;

/**
 * `export --project SLUG [--format F] [--status S] [filters…] [--out FILE(.gz)]`: the endpoint's export
 * (same lib function, same parameters, as the system rather than a user), to stdout or a file. Data goes
 * only to stdout or the file; the progress line goes to stderr. A file is written as FILE.partial and
 * renamed when complete, so a failed export never leaves a plausible-looking truncated file.
 */
export async function exportCommand(flags: Record<string, string>, stdout: Writable = process.stdout): Promise<number> {
  const project = required(flags, "project");
  const { project: _project, out, ...rest } = flags;
  if (out === "true") throw new Error("--out needs a file name");
  // The flags are the endpoint's query parameters, in either spelling: --min-score or --minScore.
  const query = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
  const { body, progress } = await exportJsonl("system", project, query).catch((error: unknown) => {
    throw error instanceof AppError ? new Error(describe(error)) : error;
  });
  const source = out?.endsWith(".gz") ? gzipStream(body) : body;
  const meter = startProgress(progress);
  try {
    if (out) await writeFile(source, out);
    else await writeTo(source, stdout);
  } catch (error) {
    meter.stop("failed after");
    throw error;
  }
  meter.stop("exported");
  return 0;
}

async function writeFile(source: ReadableStream<Uint8Array>, path: string) {
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  try {
    await writeTo(source, file);
    file.end();
    await once(file, "finish");
    await rename(partial, path);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** Writes with backpressure; a closed reader (`| head`) ends the export quietly. */
async function writeTo(source: ReadableStream<Uint8Array>, target: Writable) {
  const reader = source.getReader();
  let failed: Error | null = null;
  const onError = (error: Error) => {
    failed = error;
    reader.cancel().catch(() => {});
  };
  target.on("error", onError);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || failed) break;
      // once() also settles (rejects) on "error", which onError has already recorded.
      if (!target.write(value)) await once(target, "drain").catch(() => {});
    }
  } finally {
    target.off("error", onError);
  }
  const error = failed as (Error & { code?: string }) | null;
  if (error && error.code !== "EPIPE") throw error;
}

function startProgress(progress: ExportProgress) {
  const start = Date.now();
  const line = () => {
    const seconds = (Date.now() - start) / 1000;
    const mb = progress.bytes / 1e6;
    return `${progress.rows.toLocaleString("en-US")} rows, ${mb.toFixed(1)} MB, ${(seconds > 0 ? mb / seconds : 0).toFixed(1)} MB/s, ${seconds.toFixed(1)} s`;
  };
  // Redrawn in place only on a terminal; a log file gets the final line alone.
  const tty = process.stderr.isTTY === true;
  const timer = tty ? setInterval(() => process.stderr.write(`\r${line()}\x1b[K`), PROGRESS_MS) : null;
  return {
    stop(outcome: "exported" | "failed after") {
      if (timer) clearInterval(timer);
      process.stderr.write(`${tty ? "\r" : ""}${outcome} ${line()}${tty ? "\x1b[K" : ""}\n`);
    },
  };
}

function describe(error: AppError): string {
  const issues = Array.isArray(error.details) ? (error.details as { path?: unknown[]; message?: string }[]) : [];
  const kebab = (key: unknown) => String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const lines = issues.map(
    (i) => `  ${i.path?.length ? `--${i.path.map(kebab).join(".")}` : "parameters"}: ${i.message}`,
  );
  return [error.message, ...lines].join("\n");
}
