import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";

/** Characters COPY's text format treats specially inside a field. */
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One field of COPY's text format: `\N` for null, else the value with backslash escapes. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return value.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]!);
}

/** Rows gathered before a write: big enough to amortise the stream's per-write cost, small enough to be flat. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Writes rows to a `COPY … FROM STDIN` stream in large chunks, waiting for the socket to drain, so the database
 * paces the reader and memory stays at about one chunk. A database error surfaces on the next write or end.
 */
export class CopyWriter {
  private buffer = "";
  private failure: Error | null = null;

  constructor(private readonly stream: Writable) {
    stream.on("error", (error: Error) => {
      this.failure ??= error;
    });
  }

  async writeRow(row: string): Promise<void> {
    this.buffer += row;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }
}
