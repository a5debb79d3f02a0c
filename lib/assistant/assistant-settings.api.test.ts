import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, uniq, type TestUser } from "@/lib/testing/factories";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

const PG_DUMP = process.env.PG_DUMP ?? "/usr/lib/postgresql/15/bin/pg_dump";

/**
 * Every row of the test database as text: `pg_dump --data-only`, or, where that pg_dump cannot read the
 * server (the embedded PostgreSQL is newer than the machine's pg_dump, and ships none), every row of every
 * table through SQL, which holds the same values.
 */
async function databaseText(): Promise<string> {
  try {
    const dump = await promisify(execFile)(PG_DUMP, ["--data-only", process.env.DATABASE_URL!], {
      maxBuffer: 512 * 1024 * 1024,
    });
    return dump.stdout;
  } catch (error) {
    if (!/version mismatch|ENOENT/.test(String(error))) throw error;
  }
  const tables = await prisma.$queryRaw<Array<{ name: string }>>`
    SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name
      FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`;
  const rows: string[] = [];
  for (const { name } of tables) {
    const found = await prisma.$queryRawUnsafe<Array<{ row: string }>>(`SELECT t::text AS row FROM ${name} t`);
    rows.push(...found.map((r) => r.row));
  }
  return rows.join("\n");
}

describe("a project's model connection", () => {
  let admin: TestUser, labeler: TestUser;
  let projectId: string;
  let model: OpenAiCompatibleServer;
  const apiKey = `sk-test-${uniq("plaintext")}-never-shown`;
  const url = () => `/api/v1/projects/${projectId}/assistant`;
  const settings = () => ({ baseUrl: model.baseUrl, model: "local-llama", mode: "draft" });

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
    projectId = (await createProjectWithPrompts(admin.actor, [{ prompt: "What is a slot?" }])).id;
    model = await startOpenAiCompatibleServer();
  });
  afterAll(() => model.close());

  it("is set, read back and replaced by an admin, with the key only ever as apiKeySet", async () => {
    expect((await admin.api.get(url())).status).toBe(404);
    const put = await admin.api.put(url(), {
      ...settings(),
      apiKey,
      temperature: 0.3,
      maxTokens: 512,
      systemPrompt: "Answer as the guidelines ask.",
      timeoutSeconds: 20,
      concurrency: 16,
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      baseUrl: model.baseUrl,
      model: "local-llama",
      mode: "draft",
      candidates: 1,
      temperature: 0.3,
      maxTokens: 512,
      systemPrompt: "Answer as the guidelines ask.",
      timeoutSeconds: 20,
      concurrency: 16,
      apiKeySet: true,
      updatedAt: expect.any(String),
    });
    const get = await admin.api.get(url());
    expect(get.body).toEqual(put.body);

    // A later PUT without apiKey keeps the key (and resets what it leaves out to the defaults).
    const compare = await admin.api.put(url(), { ...settings(), mode: "compare" });
    expect(compare.body).toMatchObject({ mode: "compare", candidates: 2, apiKeySet: true, temperature: null });
    expect(compare.body.timeoutSeconds).toBe(60);
    expect(compare.body.concurrency).toBe(8);
    expect((await admin.api.put(url(), { ...settings(), mode: "compare", candidates: 4 })).body.candidates).toBe(4);

    // null removes it.
    expect((await admin.api.put(url(), { ...settings(), apiKey: null })).body.apiKeySet).toBe(false);
    expect((await admin.api.put(url(), { ...settings(), apiKey })).body.apiKeySet).toBe(true);
  });

  it("keeps the stored key only while baseUrl stays on its server: another one must be given a key, or null", async () => {
    await admin.api.put(url(), { ...settings(), apiKey });
    expect((await admin.api.put(url(), { ...settings(), model: "other-model" })).body.apiKeySet).toBe(true);

    const elsewhere = await startOpenAiCompatibleServer();
    try {
      const moved = { ...settings(), baseUrl: elsewhere.baseUrl };
      const refused = await admin.api.put(url(), moved);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([
        { path: ["apiKey"], message: expect.stringMatching(/not sent to a new server.*apiKey.*null/) },
      ]);
      expect((await admin.api.get(url())).body.baseUrl).toBe(model.baseUrl);

      expect((await admin.api.put(url(), { ...moved, apiKey: null })).body).toMatchObject({
        baseUrl: elsewhere.baseUrl,
        apiKeySet: false,
      });
      const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
      expect((await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {})).status).toBe(200);
      expect(elsewhere.requests.at(-1)!.headers.authorization).toBeUndefined();
      expect(JSON.stringify(elsewhere.requests)).not.toContain(apiKey);
    } finally {
      await elsewhere.close();
    }
  });

  it("sends the stored key to the model as a bearer token, and nothing of this server's OpenAI settings", async () => {
    process.env.OPENAI_ORG_ID = "org-of-this-server";
    process.env.OPENAI_CUSTOM_HEADERS = "X-Server-Secret: do-not-forward";
    try {
      await admin.api.put(url(), { ...settings(), apiKey });
      const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
      expect((await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {})).status).toBe(200);
      const sent = model.requests.at(-1)!.headers;
      expect(sent.authorization).toBe(`Bearer ${apiKey}`);
      expect(sent["openai-organization"]).toBeUndefined();
      expect(sent["x-server-secret"]).toBeUndefined();

      await admin.api.put(url(), { ...settings(), apiKey: null });
      expect((await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {})).status).toBe(200);
      expect(model.requests.at(-1)!.headers.authorization).toBeUndefined();
    } finally {
      delete process.env.OPENAI_ORG_ID;
      delete process.env.OPENAI_CUSTOM_HEADERS;
    }
  });

  it("never shows the key: not in any answer, the audit log or the database", async () => {
    const answers = [
      await admin.api.put(url(), { ...settings(), apiKey }),
      await admin.api.get(url()),
      await admin.api.put(url(), { ...settings(), temperature: 1 }),
      await admin.api.get(`/api/v1/audit?projectId=${projectId}&limit=50`),
    ];
    for (const answer of answers) expect(answer.status).toBe(200);
    const audit = answers[3]!.body;
    expect(JSON.stringify(audit)).toContain("assistant.update");
    for (const answer of answers) expect(answer.text).not.toContain(apiKey);

    const stored = await prisma.modelConnection.findFirstOrThrow({ where: { projectId } });
    expect(Buffer.from(stored.apiKeyEncrypted!).toString("latin1")).not.toContain(apiKey);
    const dump = await databaseText();
    expect(dump).toContain("local-llama");
    expect(dump).not.toContain(apiKey);
  });

  it("refuses what is not an http(s) endpoint, and link-local and metadata addresses", async () => {
    for (const baseUrl of [
      "ftp://models.example/v1",
      "file:///etc/passwd",
      "http://user:secret@models.example/v1",
      "http://sk-secret@models.example/v1",
      // A secret in the URL would be copied into every suggestion's parameters, the exports and the audit log.
      "https://models.example/v1?key=sk-secret",
      "https://models.example/v1?",
      "https://models.example/v1#sk-secret",
      "not a url",
    ]) {
      const res = await admin.api.put(url(), { ...settings(), baseUrl });
      expect(res.status, baseUrl).toBe(400);
      expect(res.body.error.details[0].path).toEqual(["baseUrl"]);
    }
    for (const baseUrl of [
      "http://169.254.169.254/latest/meta-data",
      "http://169.254.10.1:8000/v1",
      "http://[fd00:ec2::254]/v1",
      "http://[fe80::1]/v1",
      "http://[::ffff:169.254.169.254]/v1",
      "http://0xa9fea9fe/v1",
      "http://100.100.100.200/latest/meta-data",
      "http://0x646464c8/v1",
      "http://[64:ff9b::a9fe:a9fe]/v1",
      "http://[64:ff9b::169.254.169.254]/v1",
      "http://[64:ff9b::6464:64c8]/v1",
    ]) {
      const res = await admin.api.put(url(), { ...settings(), baseUrl });
      expect(res.status, baseUrl).toBe(400);
      expect(res.body.error.details[0].message, baseUrl).toMatch(/link-local/);
    }
    // Loopback and private addresses are where a local vLLM or Ollama lives.
    for (const baseUrl of ["http://localhost:11434/v1", "http://10.1.2.3:8000/v1", "https://[::1]:8443/v1"])
      expect((await admin.api.put(url(), { ...settings(), baseUrl, apiKey: null })).status, baseUrl).toBe(200);
  });

  it("checks the body: a mode, candidates that fit it, sane numbers", async () => {
    const bad = [
      { ...settings(), mode: "draft", candidates: 2 },
      { ...settings(), mode: "compare", candidates: 1 },
      { ...settings(), mode: "compare", candidates: 5 },
      { ...settings(), mode: "sometimes" },
      { ...settings(), model: "" },
      { ...settings(), apiKey: "" },
      { ...settings(), timeoutSeconds: 0 },
      { ...settings(), temperature: 3 },
      { ...settings(), concurrency: 0 },
      { ...settings(), concurrency: 65 },
      { ...settings(), unknown: true },
    ];
    for (const body of bad) expect((await admin.api.put(url(), body)).status, JSON.stringify(body)).toBe(400);
  });

  it("says so when the stored key cannot be opened, rather than calling the model without it", async () => {
    await admin.api.put(url(), { ...settings(), apiKey });
    const stored = await prisma.modelConnection.findFirstOrThrow({ where: { projectId } });
    const altered = Buffer.from(stored.apiKeyEncrypted!);
    altered[altered.length - 1]! ^= 1;
    await prisma.modelConnection.update({ where: { id: stored.id }, data: { apiKeyEncrypted: altered } });
    const calls = model.requests.length;
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    const res = await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/cannot be read/);
    expect(model.requests.length).toBe(calls);
    // Entering the key again mends it.
    await admin.api.put(url(), { ...settings(), apiKey });
    expect((await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {})).status).toBe(200);
  });

  it("is turned off by DELETE, which keeps the suggestions already made", async () => {
    await admin.api.put(url(), settings());
    const before = await prisma.suggestion.count({ where: { projectId } });
    expect(before).toBeGreaterThan(0);
    expect((await admin.api.delete(url())).status).toBe(204);
    expect((await admin.api.get(url())).status).toBe(404);
    expect((await admin.api.delete(url())).status).toBe(204);
    expect(await prisma.suggestion.count({ where: { projectId } })).toBe(before);
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    const res = await labeler.api.post(`/api/v1/tasks/${task.id}/suggestions`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe("no_model_connection");
  });
});
