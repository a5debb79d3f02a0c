import { Client } from "pg";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { e2eAdmin, e2eDatabaseUrl, expect, test } from "./fixtures";
import { startApp, type AppProcess } from "../lib/testing/app-process";
import { createLabelers, createProject, runLabeler, type Acknowledged, type Sample } from "./support/labelers";

// Concurrency (docs/decisions/003-task-leasing.md): 64 labelers with their own tokens, spread over two app instances on one database
// (the worker's server and a second `next start`), claim and submit until a project with
// responsesPerPrompt 3 is done. The claim statement, not luck, must give every prompt exactly 3 responses
// from 3 labelers, and every acknowledged submit must be in the database exactly once.
const LABELERS = 64;
const PROMPTS = 80;
const PER_PROMPT = 3;

const databaseUrl = e2eDatabaseUrl;

// 64 labelers keep both cores busy: no other spec shares the machine meanwhile.
test.use({ alone: true });

let second: AppProcess | undefined;
const contexts: APIRequestContext[] = [];
const created = { projectIds: [] as string[], userIds: [] as string[] };

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
  await second?.stop();
  // Leave the worker's e2e database as it was: later specs list users, projects and review queues.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`DELETE FROM projects WHERE id = ANY($1::uuid[])`, [created.projectIds]);
    await db.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [created.userIds]);
  } finally {
    await db.end();
  }
});

test("64 labelers on two app instances fill every prompt exactly, losing and duplicating nothing", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const admin = e2eAdmin();
  second = await startApp({ databaseUrl });
  const instances = [request, await playwrightRequest.newContext({ baseURL: second.url })];
  contexts.push(instances[1]!);

  const projectId = await createProject(request, admin.token, PROMPTS, PER_PROMPT);
  created.projectIds.push(projectId);
  const labelers = await createLabelers(request, admin.token, databaseUrl, LABELERS);
  created.userIds.push(...labelers.map((l) => l.id));
  const samples: Sample[] = [];
  const acknowledged: Acknowledged[] = [];

  const started = Date.now();
  await Promise.all(
    labelers.map((labeler, i) =>
      runLabeler({
        api: instances[i % 2]!,
        instance: i % 2,
        labeler,
        projectId,
        samples,
        acknowledged,
        retryMs: 0,
        deadline: 0,
      }),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${samples.length} requests in ${seconds.toFixed(1)} s (${baseURL} and ${second.url}); ` +
      `per instance ${[0, 1].map((i) => samples.filter((s) => s.instance === i).length).join(" / ")}`,
  );

  // Every call was a claim (200), a submit (201), or "no work left" (204): nothing else, no 5xx.
  const unexpected = samples.filter((s) => ![200, 201, 204].includes(s.status));
  expect(unexpected.map((s) => `${s.endpoint} ${s.status} ${JSON.stringify(s.body)}`)).toEqual([]);
  expect(samples.filter((s) => s.endpoint === "claim" && s.status === 204)).toHaveLength(LABELERS);
  for (const instance of [0, 1]) expect(samples.some((s) => s.instance === instance && s.status === 201)).toBe(true);
  expect(acknowledged).toHaveLength(PROMPTS * PER_PROMPT);

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Every prompt: exactly 3 responses, from 3 different labelers, and its counter agrees.
    const { rows: prompts } = await db.query<{
      external_id: string;
      responses: number;
      authors: number;
      taken: number;
    }>(
      `SELECT p.external_id, count(r.id)::int AS responses, count(DISTINCT r.author_id)::int AS authors, p.taken
         FROM prompts p LEFT JOIN responses r ON r.prompt_id = p.id
        WHERE p.project_id = $1 GROUP BY p.id`,
      [projectId],
    );
    expect(prompts).toHaveLength(PROMPTS);
    const wrong = prompts.filter(
      (p) => p.responses !== PER_PROMPT || p.authors !== PER_PROMPT || p.taken !== PER_PROMPT,
    );
    expect(wrong).toEqual([]);

    // Every acknowledged submit is stored once, as that labeler's text on that task; nothing else is.
    const { rows: stored } = await db.query<{
      id: string;
      task_id: string;
      author_id: string;
      prompt_id: string;
      turns: string[];
    }>(`SELECT id, task_id, author_id, prompt_id, turns FROM responses WHERE project_id = $1`, [projectId]);
    expect(stored).toHaveLength(acknowledged.length);
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(new Set(acknowledged.map((a) => a.responseId)).size).toBe(acknowledged.length);
    for (const a of acknowledged) {
      expect(byId.get(a.responseId)).toEqual({
        id: a.responseId,
        task_id: a.taskId,
        author_id: a.labelerId,
        prompt_id: a.promptId,
        turns: [a.text],
      });
    }
  } finally {
    await db.end();
  }
});
