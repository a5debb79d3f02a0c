import { rateLimited } from "@/lib/errors";

/**
 * A per-instance cap on requests that each hold a database connection for as long as their client takes: an
 * import while the file uploads, an export while the file downloads. A client on a slow link (or one that stops
 * reading) would otherwise hold a connection for minutes, and a few of them would take the instance's
 * connection budget (docs/scaling.md). Past the cap the request is refused at once with 429 and Retry-After
 * (`rateLimited`, answered by apiRoute) rather than queued: a queued request would hold its client just as long.
 */
export type Gate = {
  /** Counted apart from every other gate. */
  name: string;
  limit: number;
  /** What runs, for the refusal: "import", "export". */
  noun: string;
  /**
   * A refused request cannot know when a running one ends, so this is a polling interval: short enough that a
   * waiting pipeline gets in soon after, and a refusal costs the server nothing.
   */
  retryAfterSeconds: number;
};

/** Frees the place; calling it again does nothing. */
export type Release = () => void;

// On globalThis like the pool (lib/db.ts): a module evaluated twice in one process still counts one set.
const globalForGates = globalThis as unknown as { exemplarGates?: Map<string, { running: number }> };

/** Takes one of the gate's places, or throws the 429 when all are taken. */
export function enterGate(gate: Gate): Release {
  const gates = (globalForGates.exemplarGates ??= new Map());
  let state = gates.get(gate.name);
  if (!state) gates.set(gate.name, (state = { running: 0 }));
  if (state.running >= gate.limit) throw busy(gate);
  state.running += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    state.running -= 1;
  };
}

/** Runs `run` in one of the gate's places, freed however it ends. */
export async function withGate<T>(gate: Gate, run: () => Promise<T>): Promise<T> {
  const release = enterGate(gate);
  try {
    return await run();
  } finally {
    release();
  }
}

function busy({ limit, noun, retryAfterSeconds: seconds }: Gate) {
  const others = limit === 1 ? `another ${noun} is` : `${limit} other ${noun}s are`;
  return rateLimited(`The server is busy: ${others} running; retry in ${seconds} seconds`, seconds);
}
