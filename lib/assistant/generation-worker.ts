import "server-only";
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { liveConnection, suggestionParameters, type LiveConnection } from "@/lib/assistant/connections";
import { conversationBefore } from "@/lib/assistant/conversation";
import { complete } from "@/lib/assistant/model-client";
import { afterFailure } from "@/lib/assistant/retry-policy";
import {
  GENERATION_QUEUE,
  generationTuning,
  jobExpirySeconds,
  jobQueue,
  stopJobQueue,
  type GenerationJob,
  type GenerationTuning,
} from "@/lib/assistant/job-queue";
import * as sql from "@/lib/assistant/sql/generation";

/**
 * The worker side of pre-generation. A pg-boss job is a slice of a run: the worker that takes it holds the
 * run's lease (suggestion_runs.lease_owner), so one worker at a time calls the model for a run and the
 * connection's `concurrency` holds across every worker; it works for up to `sliceSeconds`, then releases the
 * lease and sends the next slice's job, which any worker may take. A worker that dies stops renewing its
 * lease; pg-boss offers its expired job again and the next worker takes the run over where the database says
 * it stands: a prompt is done once its suggestion is stored, in the same transaction.
 */

const globalForWorker = globalThis as unknown as {
  exemplarGenerationRuns?: Map<string, AbortController>;
  exemplarWorkerDraining?: boolean;
  exemplarWorkerIds?: string[];
};
/** Runs this process is working on: a cancel here stops their calls at once, elsewhere at the next heartbeat. */
const localRuns = (globalForWorker.exemplarGenerationRuns ??= new Map());
/** Set when the worker stops gracefully: slices end early and hand their runs on, as at their deadline. */
const draining = () => globalForWorker.exemplarWorkerDraining === true;

export function abortLocalRun(runId: string): void {
  localRuns.get(runId)?.abort();
}

/** Sends a slice of `runId` to the queue, to start at once or when its earliest waiting prompt is due. */
export async function sendGenerationSlice(runId: string, timeoutSeconds: number, startAfter?: Date): Promise<void> {
  const boss = await jobQueue();
  await boss.send(GENERATION_QUEUE, { runId } satisfies GenerationJob, {
    expireInSeconds: jobExpirySeconds(timeoutSeconds),
    // A slice fails only when its worker dies or the database is away: try again, 1 s, 2 s, 4 s… apart.
    retryLimit: 12,
    retryDelay: 1,
    retryBackoff: true,
    ...(startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {}),
  });
  // A worker of this process, if idle, takes it now rather than at its next poll.
  if (!startAfter) for (const id of globalForWorker.exemplarWorkerIds ?? []) boss.notifyWorker(id);
}

class Semaphore {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** Rows written per statement, and the longest a finished prompt waits to be written. */
const FLUSH_ROWS = 64;
const FLUSH_MS = 50;

type Outcome = { kind: "finished" } | { kind: "stopped" } | { kind: "hand_on"; startAfter?: Date };

/**
 * One slice of one run in this process, with the connection's settings as they were when it started. Once the
 * connection changes or goes (an admin's PUT or DELETE), what it writes is no longer stored (storeGenerated), so
 * the slice stops at the first write that finds it so, its calls in flight included, and hands the run on: the
 * next slice reads the connection anew, or fails the run when it is gone.
 */
class Slice {
  /** Aborted with the run (a cancel, a lost lease, a hard stop) or when the connection changed (`stale`). */
  private readonly halt = new AbortController();
  private readonly signal: AbortSignal;
  private stale = false;
  private readonly slots: Semaphore;
  private readonly inHand = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly fresh: sql.FreshFor;
  private readonly store: sql.StoreContext;
  private buffer: sql.Generated[] = [];
  private completed: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly runId: string,
    private readonly connection: LiveConnection,
    private readonly stop: AbortSignal,
    private readonly tuning: GenerationTuning,
  ) {
    this.signal = this.halt.signal;
    // Every call in flight listens on it (its deadline's link to the run): past Node's default of 10 listeners,
    // a connection's concurrency would print a leak warning on each slice.
    setMaxListeners(connection.concurrency + 10, this.signal);
    if (stop.aborted) this.halt.abort();
    else stop.addEventListener("abort", () => this.halt.abort(), { once: true });
    this.slots = new Semaphore(connection.concurrency);
    this.fresh = { connectionId: connection.id, updatedAt: connection.updatedAt, candidates: connection.candidates };
    this.store = {
      runId,
      projectId: "",
      connectionId: connection.id,
      connectionUpdatedAt: connection.updatedAt,
      model: connection.model,
      parameters: suggestionParameters(connection, { streamed: false, pregenerated: true }),
    };
  }

  async run(projectId: string): Promise<Outcome> {
    this.store.projectId = projectId;
    const deadline = Date.now() + this.tuning.sliceSeconds * 1000;
    const queue: sql.DueItemRow[] = [];
    let outcome: Outcome | undefined;
    try {
      while (!this.signal.aborted && Date.now() < deadline && !draining()) {
        await this.slots.acquire();
        if (queue.length === 0) {
          queue.push(...(await this.nextDue(deadline)));
          if (queue.length === 0) {
            this.slots.release();
            if (this.running.size > 0) {
              await this.somethingFinished();
              continue;
            }
            await this.flush();
            const { pending, nextDue } = await sql.remainingWork(this.runId);
            if (pending === 0) {
              outcome = { kind: "finished" };
              break;
            }
            const wait = (nextDue?.getTime() ?? Date.now()) - Date.now();
            if (Date.now() + wait >= deadline) {
              outcome = { kind: "hand_on", startAfter: nextDue ?? undefined };
              break;
            }
            await sleep(Math.max(wait, 10), undefined, { signal: this.signal }).catch(() => {});
            continue;
          }
        }
        const item = queue.shift()!;
        this.inHand.add(item.prompt_id);
        // Compare mode asks for every candidate it lacks at once, each in a slot of its own; only this loop
        // takes slots, so a prompt waiting for its slots never holds up another that could finish.
        const missing = this.missing(item);
        let held = 1;
        while (held < Math.min(missing.length, this.connection.concurrency)) {
          await this.slots.acquire();
          held++;
        }
        this.track(this.generate(item, missing, held));
      }
      await Promise.all(this.running);
      await this.flush();
    } finally {
      clearTimeout(this.flushTimer);
    }
    if (this.stop.aborted) return { kind: "stopped" };
    if (this.stale) return { kind: "hand_on" };
    return outcome ?? { kind: "hand_on" };
  }

  private async nextDue(deadline: number): Promise<sql.DueItemRow[]> {
    if (Date.now() >= deadline || draining()) return [];
    return sql.dueItems(this.runId, this.fresh, [...this.inHand], Math.max(64, this.connection.concurrency * 4));
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      this.wake?.();
    });
  }

  private somethingFinished(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  private missing(item: sql.DueItemRow): number[] {
    return Array.from({ length: this.connection.candidates }, (_, i) => i).filter((c) => !item.stored.includes(c));
  }

  /** One prompt: every candidate it lacks, over the `held` slots the loop took for it. */
  private async generate(item: sql.DueItemRow, missing: number[], held: number): Promise<void> {
    const messages = conversationBefore(item.messages, [], 0, this.connection.systemPrompt);
    const todo = [...missing];
    let failure: unknown;
    await Promise.all(
      Array.from({ length: held }, async () => {
        try {
          for (let candidate = todo.shift(); candidate !== undefined; candidate = todo.shift()) {
            const started = Date.now();
            try {
              const completion = await complete(this.connection, messages, this.signal);
              this.buffer.push({
                promptId: item.prompt_id,
                candidate,
                content: completion.content,
                finishReason: completion.finishReason,
                latencyMs: Date.now() - started,
              });
            } catch (error) {
              failure ??= error;
            }
          }
        } finally {
          this.slots.release();
        }
      }),
    );
    if (failure === undefined) this.completed.push(item.prompt_id);
    this.scheduleFlush();
    if (failure === undefined || this.signal.aborted) return;
    if (!(failure instanceof AppError)) console.error("suggestion generation:", failure);
    const next = afterFailure(failure, item.attempts + 1, this.tuning);
    await sql.recordAttemptFailed(this.runId, item.prompt_id, next.reason, next.retryInMs);
    this.inHand.delete(item.prompt_id);
  }

  private scheduleFlush(): void {
    if (this.buffer.length >= FLUSH_ROWS) void this.flush().catch(() => {});
    else this.flushTimer ??= setTimeout(() => void this.flush().catch(() => {}), FLUSH_MS);
  }

  /** Writes what is buffered, one statement at a time; a prompt leaves `inHand` only once it is written. */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = this.flushing
      .catch(() => {})
      .then(async () => {
        if (this.buffer.length === 0 && this.completed.length === 0) return;
        const generated = this.buffer;
        const completed = this.completed;
        this.buffer = [];
        this.completed = [];
        const current = await sql.storeGenerated(this.store, generated, completed);
        for (const promptId of completed) this.inHand.delete(promptId);
        if (!current) {
          this.stale = true;
          this.halt.abort();
        }
      });
    return this.flushing;
  }
}

/**
 * Works one slice of a run, if this worker can take the run: it may be finished or cancelled, or held by a
 * live worker (a second job for the same run does nothing).
 */
export async function workGenerationSlice(runId: string): Promise<void> {
  const tuning = generationTuning();
  const owner = randomUUID();
  const claimed = await sql.claimRun(runId, owner, tuning.leaseSeconds);
  if (!claimed) return;
  const stop = new AbortController();
  localRuns.set(runId, stop);
  // Renewed every second, which is also how a cancel from another process reaches this one.
  const heartbeat = setInterval(() => {
    sql.renewLease(runId, owner, tuning.leaseSeconds).then(
      (held) => held || stop.abort(),
      () => {},
    );
  }, 1000);
  let handOn: { startAfter?: Date; timeoutSeconds: number } | undefined;
  try {
    let connection: LiveConnection | null;
    try {
      connection = await liveConnection(claimed.project_id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await sql.endRun(runId, "failed", "api_key_unreadable");
      return;
    }
    if (!connection || connection.id !== claimed.connection_id) {
      await sql.endRun(runId, "failed", "connection_deleted");
      return;
    }
    const outcome = await new Slice(runId, connection, stop.signal, tuning).run(claimed.project_id);
    if (outcome.kind === "finished") await sql.endRun(runId, "finished");
    if (outcome.kind === "hand_on")
      handOn = { startAfter: outcome.startAfter, timeoutSeconds: connection.timeoutSeconds };
  } finally {
    clearInterval(heartbeat);
    localRuns.delete(runId);
    await sql.releaseLease(runId, owner);
  }
  // After the lease is released, so the next slice can take the run at once. Should this process die in
  // between, pg-boss offers this job again once it expires.
  if (handOn) await sendGenerationSlice(runId, handOn.timeoutSeconds, handOn.startAfter);
}

/** Slices of different runs (projects) one process works on at once. */
const RUNS_AT_ONCE = 4;

/**
 * Starts working generation runs in this process (the app at boot unless EXEMPLAR_WORKER=off, or
 * `npm run worker`). Returns the function that stops it.
 */
export async function startGenerationWorker(): Promise<(options?: { graceful?: boolean }) => Promise<void>> {
  const boss = await jobQueue();
  const ids: string[] = [];
  for (let i = 0; i < RUNS_AT_ONCE; i++) {
    const id = await boss.work<GenerationJob>(
      GENERATION_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: generationTuning().pollingIntervalSeconds },
      async ([job]) => {
        if (job) await workGenerationSlice(job.data.runId);
      },
    );
    ids.push(id);
  }
  globalForWorker.exemplarWorkerDraining = false;
  globalForWorker.exemplarWorkerIds = ids;
  return async ({ graceful = true } = {}) => {
    globalForWorker.exemplarWorkerDraining = true;
    globalForWorker.exemplarWorkerIds = [];
    if (!graceful) for (const controller of localRuns.values()) controller.abort();
    await stopJobQueue(graceful);
  };
}

const globalForBoot = globalThis as unknown as { exemplarWorkerBooted?: boolean };

/**
 * The app's own worker, started once per process at boot (instrumentation.ts) unless EXEMPLAR_WORKER=off. A
 * database that is not there yet is asked again every 30 s rather than stopping the app.
 */
export function bootGenerationWorker(): void {
  if (env().EXEMPLAR_WORKER === "off" || globalForBoot.exemplarWorkerBooted) return;
  globalForBoot.exemplarWorkerBooted = true;
  const attempt = () =>
    startGenerationWorker().catch((error: unknown) => {
      console.error(
        `suggestion worker: could not start (${error instanceof Error ? error.message : String(error)}); trying again in 30 s`,
      );
      setTimeout(attempt, 30_000).unref();
    });
  void attempt();
}
