import "server-only";
import type { PoolClient } from "pg";
import QueryStream from "pg-query-stream";
import { to as copyTo } from "pg-copy-streams";
import { pool, readFromReplica } from "@/lib/db";
import { BinaryCopyLines, inlineParameters } from "@/lib/export/copy-lines";

// Rows fetched per round trip, and bytes gathered before handing a chunk to the consumer. A small batch
// keeps few rows alive when V8's young generation is collected, so they die young instead of piling
// up in the old generation; a larger batch raised the server's peak memory and was no faster
// (docs/performance.md, "Settings these figures chose").
const BATCH_ROWS = 100;
const CHUNK_BYTES = 64 * 1024;

/** Counters a caller can read while the stream runs (the CLI's progress line). */
export type ExportProgress = { rows: number; bytes: number };

/**
 * One REPEATABLE READ, read-only transaction on a pooled connection: everything an export reads
 * comes from one snapshot, so a file taken while labelers submit is still coherent. The connection is
 * the read replica's when it has caught up (lib/db.ts `readFromReplica`); a standby runs such a
 * transaction, its cursor and COPY as the primary does.
 */
export type Snapshot = {
  client: PoolClient;
  end: (commit: boolean) => Promise<void>;
  /** Closes the connection instead of returning it to the pool (it is in a state ROLLBACK cannot leave). */
  discard: (error: unknown) => Promise<void>;
};

export async function openSnapshot(): Promise<Snapshot> {
  const client = await readFromReplica(() => pool().connect());
  let ended = false;
  const end = async (commit: boolean) => {
    if (ended) return;
    ended = true;
    try {
      await client.query(commit ? "COMMIT" : "ROLLBACK");
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  };
  const discard = async (error: unknown) => {
    if (ended) return;
    ended = true;
    client.release(error instanceof Error ? error : new Error(String(error)));
  };
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  return { client, end, discard };
}

/**
 * Streams a query's rows, each rendered to one line, through a server-side cursor, pulled by the
 * consumer: memory stays flat whatever the size, and a slow client slows the cursor instead of
 * filling memory. The snapshot ends when the stream ends, fails or is cancelled.
 */
export function snapshotStream<Row>(
  snapshot: Snapshot,
  query: { text: string; values: unknown[] },
  render: (row: Row) => string,
  progress: ExportProgress,
): ReadableStream<Uint8Array> {
  const rows = snapshot.client.query(new QueryStream(query.text, query.values, { batchSize: BATCH_ROWS }));
  const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<Row>;
  // A rendered line that did not fit in the last chunk; it starts the next one.
  let pending: string | null = null;
  // Close the cursor before ROLLBACK, so the connection is idle when it goes back to the pool.
  const stop = () =>
    new Promise<void>((resolve) => {
      if (rows.destroyed) return resolve();
      rows.once("close", () => resolve());
      rows.destroy();
    });

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Lines are encoded straight into one buffer. Joining them into one string instead would make,
        // on every chunk, a string too large for V8's young generation, and at tens of MB/s that
        // garbage piles up in the old generation (its cost: docs/performance.md, "Settings these figures chose").
        const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        let size = 0;
        const send = (bytes: Uint8Array) => {
          progress.bytes += bytes.byteLength;
          controller.enqueue(bytes);
        };
        for (;;) {
          let line = pending;
          pending = null;
          if (line === null) {
            const next = await iterator.next();
            if (next.done) {
              if (size > 0) send(chunk.subarray(0, size));
              await snapshot.end(true);
              controller.close();
              return;
            }
            line = render(next.value);
            progress.rows++;
          }
          // A UTF-16 code unit is at most 3 bytes of UTF-8, so most lines need no measuring.
          const room = CHUNK_BYTES - size;
          if (line.length * 3 <= room || Buffer.byteLength(line) <= room) {
            size += chunk.write(line, size);
          } else if (size === 0) {
            return send(Buffer.from(line)); // longer than a chunk: it goes alone
          } else {
            pending = line;
            return send(chunk.subarray(0, size));
          }
        }
      } catch (error) {
        await stop();
        await snapshot.end(false);
        controller.error(error);
      }
    },
    async cancel() {
      await stop();
      await snapshot.end(false);
    },
  });
}

/**
 * The fast path for a query whose one column is the finished line: `COPY (query) TO STDOUT` in
 * binary format, so the lines pass from PostgreSQL to the client as bytes (lib/export/copy-lines.ts).
 * Pulled by the consumer like snapshotStream: pg-copy-streams pauses the socket while the client
 * is not reading. Cancelling mid-way leaves the connection inside COPY, so it is discarded.
 */
export function copyLinesStream(
  snapshot: Snapshot,
  query: { text: string; values: unknown[] },
  progress: ExportProgress,
): ReadableStream<Uint8Array> {
  const sql = inlineParameters(query.text, query.values, (v) => snapshot.client.escapeLiteral(v));
  const copy = snapshot.client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT binary)`));
  const chunks = copy[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const lines = new BinaryCopyLines();
  let finished = false;
  const fail = async (error: unknown) => {
    finished = true;
    copy.destroy();
    await snapshot.discard(error);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await chunks.next();
          if (next.done) {
            if (!lines.done) throw new Error("The export stream ended early");
            finished = true;
            await snapshot.end(true);
            controller.close();
            return;
          }
          const bytes = lines.push(next.value);
          progress.rows = lines.rows;
          if (bytes.byteLength > 0) {
            progress.bytes += bytes.byteLength;
            controller.enqueue(bytes);
            return;
          }
        }
      } catch (error) {
        await fail(error);
        controller.error(error);
      }
    },
    async cancel() {
      if (!finished) await fail(new Error("The client stopped reading the export"));
    },
  });
}
