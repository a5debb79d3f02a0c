/**
 * A generation worker in a process of its own, for tests that kill it the hard way (SIGKILL) and check that
 * another worker takes its run over. Tuned by EXEMPLAR_TEST_TUNING (JSON, lib/assistant/job-queue.ts); prints
 * "ready" once it takes jobs. Run with tsx --conditions=react-server, as the CLI is.
 */
import { configureGeneration } from "@/lib/assistant/job-queue";
import { startGenerationWorker } from "@/lib/assistant/generation-worker";

configureGeneration(JSON.parse(process.env.EXEMPLAR_TEST_TUNING ?? "{}"));
startGenerationWorker().then(
  () => console.log("ready"),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
