/**
 * `npm run worker`: a process that only works background jobs (suggestions generated ahead of the labelers), for
 * a machine of its own or beside an app started with EXEMPLAR_WORKER=off. Any number may run against one
 * database; a run is worked by one of them at a time and taken over when that one stops (decision 017).
 */
import { startGenerationWorker } from "@/lib/assistant/generation-worker";
import { useAppDatabase } from "./database.mjs";
import { existingEncryptionKey } from "./runtime-env.mjs";

async function main() {
  // Opens model connections' API keys: the app's own key (the environment or .secrets/encryption-key), never a
  // new one, which on a machine of its own would open none of them.
  process.env.EXEMPLAR_ENCRYPTION_KEY = existingEncryptionKey().secret;
  await useAppDatabase();
  const stop = await startGenerationWorker();
  console.error("worker: working suggestion generation runs; Ctrl-C stops it (runs in hand go on elsewhere)");
  // A second signal stops at once, unless it came within a moment of the first: one Ctrl-C reaches this process
  // both from the terminal (its process group) and passed on by each launcher above it (npm,
  // scripts/start-worker.mjs), and must still finish the slices in hand.
  let stoppingAt: number | null = null;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stoppingAt !== null) {
        if (Date.now() - stoppingAt > 500) process.exit(1);
        return;
      }
      stoppingAt = Date.now();
      console.error("worker: finishing the slices in hand…");
      stop({ graceful: true }).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
