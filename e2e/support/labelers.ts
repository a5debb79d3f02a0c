import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { Client } from "pg";
import { newTokenRecord } from "../../lib/api-tokens/token-secret";

/** Simulated labelers for the load and fault tests (e2e/two-instances-load, e2e/postgres-restart). */
export type Labeler = { id: string; email: string; token: string };

/** One HTTP call as a labeler saw it. */
export type Sample = {
  endpoint: "claim" | "submit";
  instance: number;
  status: number;
  startedAt: number;
  ms: number;
  retryAfter: string | null;
  body: unknown;
};

/** A submit the app acknowledged with 2xx: it must be in the database afterwards. */
export type Acknowledged = { labelerId: string; taskId: string; promptId: string; responseId: string; text: string };

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Creates `count` labelers through the admin API, then an API token for each written straight into the
 * database the way lib/api-tokens does (hash at rest). Not through `POST /tokens`: that needs each labeler to
 * sign in, and sign-ins from one address are rate limited; the CLI would start a process per token.
 */
export async function createLabelers(
  api: APIRequestContext,
  adminToken: string,
  databaseUrl: string,
  count: number,
): Promise<Labeler[]> {
  const run = randomBytes(3).toString("hex");
  const users = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const email = `load-${run}-${i}@example.test`;
      const res = await api.post("/api/v1/users", {
        headers: auth(adminToken),
        data: { email, name: `Load labeler ${i}`, role: "labeler", password: `pw-${randomBytes(8).toString("hex")}` },
      });
      expect(res.status(), await res.text()).toBe(201);
      return { id: (await res.json()).id as string, email };
    }),
  );
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tokens = users.map(() => newTokenRecord());
    await db.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix)
       SELECT u, 'load test', h, p FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(u, h, p)`,
      [users.map((u) => u.id), tokens.map((t) => t.tokenHash), tokens.map((t) => t.prefix)],
    );
    return users.map((u, i) => ({ ...u, token: tokens[i]!.secret }));
  } finally {
    await db.end();
  }
}

/** A project with `prompts` single-turn prompts, created and filled through the admin API. */
export async function createProject(
  api: APIRequestContext,
  adminToken: string,
  prompts: number,
  responsesPerPrompt: number,
) {
  const slug = `load-${randomBytes(4).toString("hex")}`;
  const created = await api.post("/api/v1/projects", {
    headers: auth(adminToken),
    data: { name: slug, slug, guidelines: "# Load test\n\nAnswer briefly.", responsesPerPrompt, access: "everyone" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const project = (await created.json()) as { id: string };
  const lines = Array.from({ length: prompts }, (_, i) =>
    JSON.stringify({ id: `p${i}`, prompt: `Question ${i}: what is ${i} + ${i}?` }),
  );
  const imported = await api.post(`/api/v1/projects/${project.id}/prompts`, {
    headers: { ...auth(adminToken), "content-type": "application/x-ndjson" },
    data: lines.join("\n"),
  });
  expect(imported.status(), await imported.text()).toBe(200);
  expect((await imported.json()).imported).toBe(prompts);
  return project.id;
}

type LoopOptions = {
  /** One request context per app instance, the labeler's instance chosen by `instance`. */
  api: APIRequestContext;
  instance: number;
  labeler: Labeler;
  projectId: string;
  samples: Sample[];
  acknowledged: Acknowledged[];
  /** Stop claiming new work (a submit in progress is still retried until it is answered). */
  stop?: () => boolean;
  /** Wait before retrying after a 503 (a real client would honour Retry-After; tests sample more often). */
  retryMs?: number;
  /** Give up retrying a 503 after this time. */
  deadline?: number;
  /** A pause after each submit, as a person reads the next prompt. */
  thinkMs?: number;
};

/**
 * One labeler: claim → submit → claim … until `tasks/next` answers 204 (or `stop()`). A 503 is retried,
 * and a submit is retried with the same text, as a client that never drops a labeler's work would.
 * Any other answer ends the loop and stays in `samples` for the test to judge.
 */
export async function runLabeler(o: LoopOptions): Promise<void> {
  const retryMs = o.retryMs ?? 200;
  const deadline = o.deadline ?? Date.now() + 60_000;
  const call = async (endpoint: Sample["endpoint"], path: string, data?: unknown) => {
    const startedAt = Date.now();
    const send = () =>
      o.api.post(path, { headers: auth(o.labeler.token), data, timeout: 15_000, failOnStatusCode: false });
    // A kept-alive connection the server closes as idle just as a request goes out on it is reset before the
    // server reads the request; a browser sends it again on a new connection, and so does this client, once
    // (bench/support/load-client.ts does the same). Any other failure, or a second reset, fails the test.
    const res = await send().catch((error: Error) => {
      if (/ECONNRESET|socket hang up/.test(error.message)) return send();
      throw error;
    });
    const text = await res.text();
    const sample: Sample = {
      endpoint,
      instance: o.instance,
      status: res.status(),
      startedAt,
      ms: Date.now() - startedAt,
      retryAfter: res.headers()["retry-after"] ?? null,
      body: text ? safeJson(text) : null,
    };
    o.samples.push(sample);
    return sample;
  };
  const retryable = (s: Sample) => s.status === 503 && Date.now() < deadline;

  while (!o.stop?.()) {
    const claim = await call("claim", `/api/v1/projects/${o.projectId}/tasks/next`);
    if (retryable(claim)) {
      await sleep(retryMs);
      continue;
    }
    if (claim.status !== 200) return;
    const task = claim.body as { id: string; promptId: string };
    const text = `Labeler ${o.labeler.email} answers task ${task.id}.`;
    for (;;) {
      const submit = await call("submit", `/api/v1/tasks/${task.id}/submit`, { content: text });
      if (retryable(submit)) {
        await sleep(retryMs);
        continue;
      }
      if (submit.status !== 200 && submit.status !== 201) return;
      const responseId = (submit.body as { id: string }).id;
      o.acknowledged.push({ labelerId: o.labeler.id, taskId: task.id, promptId: task.promptId, responseId, text });
      break;
    }
    if (o.thinkMs) await sleep(o.thinkMs);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
