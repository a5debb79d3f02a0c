import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@/lib/errors";
import { generationProgress, startGeneration, type GenerationProgress } from "@/lib/assistant/generation-runs";
import { startGenerationWorker } from "@/lib/assistant/generation-worker";

/**
 * `suggestions:generate --project SLUG [--detach]`: starts generating suggestions for the project's open prompts
 * (the API's code, as the system). It then works the run in this process too, beside any other worker, with a
 * progress line on stderr, until the run ends, and prints its final progress on stdout; exit code 0 when it
 * finished with every prompt done. `--detach` only queues it for the app's workers (or `npm run worker`).
 * A run already going for the project is followed rather than started again.
 */
export async function suggestionsCommand(project: string, flags: Record<string, string>): Promise<number> {
  let progress: GenerationProgress;
  try {
    progress = await startGeneration("system", project);
  } catch (error) {
    const reason = error instanceof AppError ? (error.details as { reason?: string } | undefined)?.reason : undefined;
    if (reason !== "generation_running") {
      if (error instanceof AppError) {
        console.error(`error: ${error.message}`);
        return 1;
      }
      throw error;
    }
    progress = await generationProgress("system", project);
  }
  if (flags.detach === "true" || progress.state !== "running") {
    console.log(JSON.stringify(progress));
    return progress.state === "failed" ? 1 : 0;
  }
  const stop = await startGenerationWorker();
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  try {
    while (progress.state === "running") {
      await sleep(tty ? 250 : 1000);
      progress = await generationProgress("system", project);
      if (tty || Date.now() - last > 5000 || progress.state !== "running") {
        last = Date.now();
        const line = `${progress.done}/${progress.total} done  ${progress.failed} failed  ${progress.waiting} waiting to retry`;
        process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
      }
    }
    if (tty) process.stderr.write("\n");
  } finally {
    await stop({ graceful: true });
  }
  console.log(JSON.stringify(progress));
  return progress.state === "finished" && progress.failed === 0 ? 0 : 1;
}
