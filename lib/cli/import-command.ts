import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { importPromptStream, type ImportProgress } from "@/lib/import/import-prompts";

/** Read size per chunk: large enough that per-chunk work is noise, small enough to stay flat. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * `import --project SLUG FILE`: streams the file through the same import as the API (all or nothing, every
 * bad line named), with a progress line on stderr; prints `{"imported","skipped"}` on stdout.
 */
export async function importCommand(project: string, file: string): Promise<number> {
  const size = (
    await stat(file).catch((error: Error) => {
      throw new Error(`cannot read ${file}: ${error.message}`);
    })
  ).size;
  const progress = new ProgressLine(size);
  try {
    const result = await importPromptStream(
      "system",
      project,
      createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }),
      {
        onProgress: (p) => progress.update(p),
      },
    );
    progress.done();
    console.log(JSON.stringify({ imported: result.imported, skipped: result.skipped }));
    return 0;
  } catch (error) {
    progress.done();
    if (!(error instanceof AppError)) throw error;
    console.error(`error: ${error.message}`);
    if (Array.isArray(error.details)) {
      for (const { line, message } of error.details as { line: number; message: string }[])
        console.error(`  line ${line}: ${message}`);
    }
    return 1;
  }
}

/** One status line, redrawn in place a few times a second on a terminal; elsewhere every few seconds. */
class ProgressLine {
  private readonly started = Date.now();
  private readonly tty = Boolean(process.stderr.isTTY);
  private last = 0;
  private finished = false;
  private seen = false;
  private latest: ImportProgress = { phase: "reading", lines: 0, bytes: 0 };

  constructor(private readonly totalBytes: number) {}

  update(progress: ImportProgress): void {
    const phaseChanged = progress.phase !== this.latest.phase;
    this.latest = progress;
    this.seen = true;
    const now = Date.now();
    if (!phaseChanged && now - this.last < (this.tty ? 250 : 5000)) return;
    this.last = now;
    this.draw();
  }

  done(): void {
    if (!this.seen) return;
    this.finished = true;
    this.draw();
    if (this.tty) process.stderr.write("\n");
  }

  private draw(): void {
    const { phase, lines, bytes } = this.latest;
    const seconds = (Date.now() - this.started) / 1000;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const rate = seconds > 0 ? bytes / 1e6 / seconds : 0;
    const elapsed = `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
    const text =
      `${lines.toLocaleString("en-US")} lines  ${mb(bytes)}/${mb(this.totalBytes)} MB  ${rate.toFixed(1)} MB/s  ${elapsed}` +
      (phase === "inserting" && !this.finished ? "  inserting…" : "");
    process.stderr.write(this.tty ? `\r\x1b[K${text}` : `${text}\n`);
  }
}
