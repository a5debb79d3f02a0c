import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";

/**
 * The background job queue: pg-boss on the app's own PostgreSQL, in a schema of its own (`pgboss`), which it
 * creates and migrates itself on first start (decision 017). One instance per process, started on first use,
 * whether the process only sends jobs (a route starting a generation run) or also works them.
 */
export const GENERATION_QUEUE = "suggestions-generate";

/** A slice of a generation run: the worker that takes the job works on run `runId` for a while. */
export type GenerationJob = { runId: string };

/**
 * How generation runs are cut up and handed between workers. The defaults suit production; tests and the
 * benchmark shorten them (configureGeneration) so that a killed worker's run is taken over in seconds.
 */
export type GenerationTuning = {
  /** How long one job works on a run before it hands the rest on to a new job (any worker may take it). */
  sliceSeconds: number;
  /** A worker holds its run this long past its last heartbeat; a killed worker's run is free after it. */
  leaseSeconds: number;
  /** How often pg-boss looks for jobs whose worker died (expired jobs are tried again). */
  maintenanceIntervalSeconds: number;
  /** How often an idle worker asks for a job. */
  pollingIntervalSeconds: number;
  /** Attempts per prompt before it counts as failed, and the backoff between them (Retry-After wins). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
};

export const DEFAULT_TUNING: GenerationTuning = {
  sliceSeconds: 60,
  leaseSeconds: 30,
  maintenanceIntervalSeconds: 30,
  pollingIntervalSeconds: 2,
  maxAttempts: 5,
  backoffBaseMs: 2000,
  backoffMaxMs: 120_000,
};

type QueueState = { tuning: GenerationTuning; boss?: Promise<PgBoss> };
const globalForQueue = globalThis as unknown as { exemplarJobQueue?: QueueState };
const state = (): QueueState => {
  globalForQueue.exemplarJobQueue ??= { tuning: DEFAULT_TUNING };
  return globalForQueue.exemplarJobQueue;
};

export function generationTuning(): GenerationTuning {
  return state().tuning;
}

/** Before the queue starts in this process: shorter slices, leases and intervals for tests and benchmarks. */
export function configureGeneration(tuning: Partial<GenerationTuning>): void {
  state().tuning = { ...state().tuning, ...tuning };
}

/**
 * How long pg-boss lets a job run before it counts its worker as dead and offers the job again: a slice, the
 * longest model call it may still wait for when the slice ends, and a margin.
 */
export function jobExpirySeconds(timeoutSeconds: number): number {
  const { sliceSeconds, leaseSeconds } = generationTuning();
  return Math.ceil(sliceSeconds + timeoutSeconds + leaseSeconds);
}

async function startQueue(): Promise<PgBoss> {
  const tuning = generationTuning();
  const boss = new PgBoss({
    connectionString: env().DATABASE_URL,
    application_name: "exemplar-jobs",
    // Its own few connections, apart from the request pool: queue traffic never waits behind requests.
    max: 3,
    schema: "pgboss",
    schedule: false,
    maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds,
    pollingIntervalSeconds: tuning.pollingIntervalSeconds,
  });
  // pg-boss reports its own trouble (a lost connection, a failed maintenance) here; it retries by itself.
  boss.on("error", (error) => console.error("job queue:", error.message));
  await boss.start();
  await boss.createQueue(GENERATION_QUEUE);
  return boss;
}

export function jobQueue(): Promise<PgBoss> {
  const current = state();
  current.boss ??= startQueue().catch((error: unknown) => {
    current.boss = undefined;
    throw error;
  });
  return current.boss;
}

/**
 * Stops this process's queue: workers stop taking jobs; with `graceful`, it waits for the jobs in hand (as a
 * deploy would); without, it drops them where they are, as a killed process does, for another worker to
 * take over once they expire.
 */
export async function stopJobQueue(graceful = true): Promise<void> {
  const current = state();
  const boss = current.boss;
  current.boss = undefined;
  if (!boss) return;
  await (await boss.catch(() => null))?.stop({ graceful, wait: true, timeout: 30_000 });
}
