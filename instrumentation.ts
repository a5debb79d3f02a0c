/**
 * Runs once when a server process starts (Next.js calls `register` in each runtime). In the Node.js runtime it
 * starts the background worker that generates suggestions ahead of the labelers, unless EXEMPLAR_WORKER=off
 * (then `npm run worker` does it, on this machine or another).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootGenerationWorker } = await import("@/lib/assistant/generation-worker");
  bootGenerationWorker();
}
