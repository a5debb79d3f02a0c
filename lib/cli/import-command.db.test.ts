import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createTestProject, createTestUser, jsonl, type TestUser } from "@/lib/testing/factories";

const run = promisify(execFile);

/** Runs `npm run exemplar -- …` as a user would, against the test database (DATABASE_URL from vitest.config). */
async function exemplar(args: string[]) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "exemplar", "--", ...args], { env: process.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each case starts `npm run` a few times (seconds each on a busy machine).
describe("npm run exemplar -- import", { timeout: 120_000 }, () => {
  let admin: TestUser;
  let dir: string;
  beforeAll(async () => {
    admin = await createTestUser("admin");
    dir = await mkdtemp(path.join(tmpdir(), "exemplar-import-"));
  });

  it("streams a file in by project slug, prints {imported, skipped}, and skips known ids the second time", async () => {
    const project = await createTestProject(admin.actor);
    const file = path.join(dir, "good.jsonl");
    await writeFile(
      file,
      "\uFEFF" +
        jsonl(Array.from({ length: 3000 }, (_, i) => ({ id: `c${i}`, prompt: `Prompt ${i} ✓` }))).replaceAll(
          "\n",
          "\r\n",
        ),
    );

    const first = await exemplar(["import", "--project", project.slug, file]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ imported: 3000, skipped: 0 });
    // Not a terminal: no carriage returns, one summary line with the counts.
    expect(first.stderr).not.toContain("\r");
    expect(first.stderr).toMatch(/3,000 lines +0\.\d\/0\.\d MB +[\d.]+ MB\/s +0:\d\d/);
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(3000);

    const again = await exemplar(["import", "--project", project.slug, file]);
    expect(JSON.parse(again.stdout)).toEqual({ imported: 0, skipped: 3000 });
    // The command line is no user: its imports are audited without an actor.
    const events = await prisma.auditEvent.findMany({
      where: { projectId: project.id, action: "prompts.import" },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => [e.actorId, e.after])).toEqual([
      [null, { imported: 3000, skipped: 0 }],
      [null, { imported: 0, skipped: 3000 }],
    ]);
  });

  it("exits 1 naming every bad line, and imports nothing", async () => {
    const project = await createTestProject(admin.actor);
    const file = path.join(dir, "bad.jsonl");
    await writeFile(file, ['{"prompt": "fine"}', "not json", '{"prompt": "also fine"}', '{"turns": []}'].join("\n"));
    const result = await exemplar(["import", "--project", project.slug, file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error: 2 lines are invalid; nothing was imported");
    expect(result.stderr).toContain("line 2: invalid JSON: unexpected token 'o'");
    expect(result.stderr).toContain("line 4: turns must be a non-empty array of strings");
    expect(await prisma.prompt.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("fails clearly without a project, a file, or a readable file", async () => {
    const project = await createTestProject(admin.actor);
    const file = path.join(dir, "one.jsonl");
    await writeFile(file, jsonl([{ prompt: "x" }]));
    const noProject = await exemplar(["import", file]);
    expect([noProject.code, noProject.stderr]).toEqual([1, expect.stringContaining("--project is required")]);
    const noFile = await exemplar(["import", "--project", project.slug]);
    expect([noFile.code, noFile.stderr]).toEqual([1, expect.stringContaining("give the JSONL file to import")]);
    const missing = await exemplar(["import", "--project", project.slug, path.join(dir, "missing.jsonl")]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/cannot read .*missing\.jsonl: ENOENT/)]);
    const unknown = await exemplar(["import", "--project", "no-such-project", file]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining("Project not found")]);
  });
});
