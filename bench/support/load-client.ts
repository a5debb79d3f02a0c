import { Agent, request, type IncomingHttpHeaders } from "node:http";
import type { Pool } from "pg";

/**
 * The load generator's two sides: labelers over HTTP (node:http with keep-alive, the cheapest client Node
 * has, since it shares the two cores with the servers), and the claim statement itself over `pg`.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

export type Reply = { status: number; body: string; headers: IncomingHttpHeaders };

/**
 * One HTTP call on the shared keep-alive agent: a bearer token (the API), a cookie (a page; with `origin`, a
 * write the way a browser's fetch sends it, lib/api/browser-writes.ts) or no credentials, and a JSON body if given. Rejects only when the connection fails. A kept-alive connection that the server closed as
 * idle just as the request went out on it (likely when the machine is too busy for the client to see the
 * close in time) is reset: the request goes again on a new connection, once, as browsers do. A reset on a
 * new connection is an error.
 */
export type Auth = { token: string } | { cookie: string; origin?: string } | null;

/** A signed-in browser on a page of `origin`: its session cookie, and its Origin on writes (what fetch sends). */
export const browserAuth = (cookie: string, origin: string): Auth => ({ cookie, origin });

export async function send(
  method: "GET" | "POST" | "PUT",
  url: string,
  auth: Auth,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  try {
    return await sendOnce(method, url, auth, body, headers);
  } catch (error) {
    // Again on a connection of its own: the shared agent could hand out another idle one about to be closed.
    if ((error as { reusedSocket?: boolean }).reusedSocket) return sendOnce(method, url, auth, body, headers, false);
    throw error;
  }
}

function sendOnce(
  method: "GET" | "POST" | "PUT",
  url: string,
  auth: Auth,
  body: unknown,
  extraHeaders: Record<string, string>,
  via: Agent | false = agent,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: via,
        headers: {
          ...extraHeaders,
          ...(auth === null
            ? {}
            : "token" in auth
              ? { authorization: `Bearer ${auth.token}` }
              : { cookie: auth.cookie, ...(auth.origin && method !== "GET" ? { origin: auth.origin } : {}) }),
          ...(payload
            ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
            : method === "GET"
              ? {}
              : { "content-length": 0 }),
        },
      },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (data += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      const raced = req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
      reject(raced ? Object.assign(error, { reusedSocket: true }) : error);
    });
    req.end(payload);
  });
}

const SENTENCE = "Open Settings, then Account, and choose Change e-mail address; confirm with your password. ";

/**
 * One task's draft as the writing screen autosaves it (`PUT /api/v1/tasks/{id}/draft`): the text growing by a
 * sentence (back to one past about 3,000 characters), the active time, and the draft time each save is based on.
 * bench:request-cost and bench:gc send it one at a time; `save` throws on any answer but 200.
 */
export class Draft {
  private text = "";
  private base: string | null = null;
  private saves = 0;

  constructor(
    private readonly server: string,
    readonly taskId: string,
  ) {}

  async save(auth: Auth): Promise<void> {
    this.text = this.text.length > 3_000 ? SENTENCE : this.text + SENTENCE;
    const body = { turns: [this.text], activeMs: 4_000 * ++this.saves, baseUpdatedAt: this.base };
    const reply = await send("PUT", `${this.server}/api/v1/tasks/${this.taskId}/draft`, auth, body);
    if (reply.status !== 200) throw new Error(`draft: ${reply.status} ${reply.body.slice(0, 300)}`);
    this.base = (JSON.parse(reply.body) as { updatedAt: string }).updatedAt;
  }

  /** What the submit sends: the draft and one sentence more. */
  final(): string {
    return this.text + SENTENCE;
  }
}

const post = (url: string, token: string, body?: unknown): Promise<Reply> => send("POST", url, { token }, body);

/** Every call's latency in ms, the statuses of all calls, and the pairs done (a claim answered 200, then its submit stored). */
export type Latencies = { claim: number[]; submit: number[]; statuses: Map<number, number>; pairs: number };

export const newLatencies = (): Latencies => ({ claim: [], submit: [], statuses: new Map(), pairs: 0 });

/**
 * Claims and submits until the project answers 204; every call's latency in ms goes into `into`. An
 * overloaded server may answer 503 (with Retry-After): counted, then retried after a short pause, as a
 * client would; anything else unexpected ends the benchmark. `thinkMs` is the mean pause after each answer
 * (the time a person reads and writes); 0, the default, is the closed loop the targets are set for (docs/performance.md, "Load").
 */
export async function labelUntilDone(
  baseUrl: string,
  token: string,
  projectId: string,
  into: Latencies,
  thinkMs = 0,
): Promise<void> {
  // Exponentially distributed around thinkMs, so labelers drift apart as people do instead of all
  // answering in the same millisecond (which would measure bursts of 64, not the load).
  const think = () =>
    thinkMs > 0 ? new Promise((resolve) => setTimeout(resolve, -Math.log(1 - Math.random()) * thinkMs)) : undefined;
  const timed = async (endpoint: "claim" | "submit", url: string, body?: unknown): Promise<Reply> => {
    const start = performance.now();
    const reply = await post(url, token, body);
    into[endpoint].push(performance.now() - start);
    into.statuses.set(reply.status, (into.statuses.get(reply.status) ?? 0) + 1);
    if (reply.status !== 503) return reply;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return timed(endpoint, url, body);
  };
  for (;;) {
    const claim = await timed("claim", `${baseUrl}/api/v1/projects/${projectId}/tasks/next`);
    if (claim.status === 204) return;
    if (claim.status !== 200) throw new Error(`tasks/next answered ${claim.status}: ${claim.body}`);
    const task = JSON.parse(claim.body) as { id: string };
    await think();
    const submit = await timed("submit", `${baseUrl}/api/v1/tasks/${task.id}/submit`, {
      content: `A short, correct answer to task ${task.id}: check the settings page, then save.`,
    });
    if (submit.status !== 201 && submit.status !== 200)
      throw new Error(`submit answered ${submit.status}: ${submit.body}`);
    into.pairs += 1;
    await think();
  }
}

export type ClaimTarget = { projectId: string; responsesPerPrompt: number; guidelinesId: string; leaseMinutes: number };

/**
 * One raw claimer: the claim statement itself, the SQL function `exemplar_claim_prompt` that the
 * endpoint's claim (`exemplar_claim_task`) runs once the labeler holds no task, in one autocommit
 * statement on its own connection, in a tight loop until nothing is left for it; latencies in ms.
 * Nothing else the endpoint does is in it: no HTTP, authentication, lock or task view.
 */
export async function claimRawUntilDone(
  pool: Pool,
  userId: string,
  target: ClaimTarget,
  into: number[],
): Promise<void> {
  const client = await pool.connect();
  try {
    for (;;) {
      const start = performance.now();
      const { rows } = await client.query<{ task: string | null }>({
        // Prepared once per connection, as the app's per-request statements are (lib/db.ts).
        name: "claim-prompt",
        text: "SELECT exemplar_claim_prompt($1, $2, $3, $4, $5) AS task",
        values: [target.projectId, target.responsesPerPrompt, userId, target.guidelinesId, target.leaseMinutes],
      });
      if (!rows[0]!.task) {
        // Every candidate locked by a concurrent claim, or nothing left: the endpoint checks which; so do we.
        const { rows: open } = await client.query(
          `SELECT 1 FROM prompts pr WHERE pr.project_id = $1 AND pr.open AND pr.taken < $2
              AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.prompt_id = pr.id AND t.user_id = $3) LIMIT 1`,
          [target.projectId, target.responsesPerPrompt, userId],
        );
        if (!open[0]) return;
        continue;
      }
      into.push(performance.now() - start);
    }
  } finally {
    client.release();
  }
}
