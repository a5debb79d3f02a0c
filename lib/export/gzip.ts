import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

/**
 * Level 1 (the CLI's `--out FILE.gz`): on chat JSONL it compresses much faster than the default level 6
 * for a somewhat larger file (docs/performance.md, "Settings these figures chose"), so the compressor
 * takes little of the CPU the export itself needs.
 */
const GZIP_LEVEL = 1;

/** Compresses a byte stream; an error or a cancel on either side ends the other (and so the snapshot). */
export function gzipStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const gzip = createGzip({ level: GZIP_LEVEL });
  pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), gzip).catch(() => {
    // pipeline has destroyed both sides; the reader of the gzip side sees the error.
  });
  return Readable.toWeb(gzip) as unknown as ReadableStream<Uint8Array>;
}
