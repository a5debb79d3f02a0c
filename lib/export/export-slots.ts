import "server-only";
import { env } from "@/lib/env";
import { enterGate, type Release } from "@/lib/api/concurrency-gate";

/** A refused export polls like a refused import (lib/import/import-slots.ts): exports of any size end in minutes. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;

/**
 * Runs an HTTP export in one of this instance's EXEMPLAR_MAX_CONCURRENT_EXPORTS places. An export holds a pooled
 * connection, in its snapshot transaction, for as long as its client takes to download (lib/export/snapshot-
 * stream.ts), so the cap keeps exports from taking the pool the labelers' requests need; past it, 429 with
 * Retry-After before any connection is taken. The place is held until the body ends, fails or is cancelled,
 * and a client that reads nothing for EXEMPLAR_EXPORT_IDLE_TIMEOUT_SECONDS loses the stream: it is cancelled,
 * which ends the snapshot and returns the connection, and the response fails.
 */
export async function withExportSlot<T extends { body: ReadableStream<Uint8Array> }>(
  open: () => Promise<T>,
): Promise<T> {
  const settings = env();
  const release = enterGate({
    name: "exports",
    limit: settings.EXEMPLAR_MAX_CONCURRENT_EXPORTS,
    noun: "export",
    retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS,
  });
  try {
    const opened = await open();
    return {
      ...opened,
      body: releasingStream(opened.body, settings.EXEMPLAR_EXPORT_IDLE_TIMEOUT_SECONDS * 1000, release),
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * `inner`, passed on chunk by chunk as the consumer asks (no read-ahead), calling `release` once when it ends,
 * fails, is cancelled, or the consumer asks for nothing for `idleMs`. Only the consumer's silence counts: the
 * clock stops while a chunk is being fetched from the database, and starts again once it is handed over.
 */
export function releasingStream(
  inner: ReadableStream<Uint8Array>,
  idleMs: number,
  release: Release,
): ReadableStream<Uint8Array> {
  const reader = inner.getReader();
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const finish = () => {
    finished = true;
    clearTimeout(timer);
  };
  const waitForConsumer = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    timer = setTimeout(() => {
      if (finished) return;
      finish();
      const error = new Error(`The client read nothing for ${idleMs / 1000} seconds; the export was stopped`);
      controller.error(error);
      void reader
        .cancel(error)
        .catch(() => {})
        .finally(release);
    }, idleMs);
    // A stalled download must not keep a process (the CLI, a test run) alive on its own.
    timer.unref();
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        waitForConsumer(controller);
      },
      async pull(controller) {
        clearTimeout(timer);
        try {
          const next = await reader.read();
          if (finished) return;
          if (next.done) {
            finish();
            controller.close();
            release();
            return;
          }
          controller.enqueue(next.value);
          waitForConsumer(controller);
        } catch (error) {
          if (finished) return;
          finish();
          controller.error(error);
          release();
        }
      },
      async cancel(reason) {
        if (finished) return;
        finish();
        try {
          await reader.cancel(reason);
        } finally {
          release();
        }
      },
    },
    { highWaterMark: 0 },
  );
}
