/**
 * `npm run worker`: a process that only works background jobs (suggestions generated ahead of the labelers), for
 * a machine of its own or beside an app started with EXEMPLAR_WORKER=off. Any number may run against one
 * database; a run is worked by one of them at a time and taken over when that one stops (decision 017).
 */
import { startGenerationWorker } from "@/lib/assistant/generation-worker";
import { useAppDatabase } from "./database.mjs";
import { ensureEncryptionKey } from "./runtime-env.mjs";

// Opens model connections' API keys: the same key as the app's (.secrets/encryption-key or the environment).
process.env.EXEMPLAR_ENCRYPTION_KEY = ensureEncryptionKey().secret;

async function main() {
  await useAppDatabase();
  const stop = await startGenerationWorker();
  console.error("worker: working suggestion generation runs; Ctrl-C stops it (runs in hand go on elsewhere)");
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
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
