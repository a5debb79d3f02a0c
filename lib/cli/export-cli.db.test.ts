import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { exportLines, insertPrompt, insertResponse } from "@/lib/testing/export-fixtures";
import { createTestProject, createTestUser, type TestUser } from "@/lib/testing/factories";

const run = promisify(execFile);

/** `npm run exemplar -- …` as a user runs it, against the test database (DATABASE_URL from vitest.config). */
async function exemplar(args: string[]) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "exemplar", "--", ...args], {
      env: process.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run exemplar -- export / validate", () => {
  let admin: TestUser;
  let slug: string;
  let projectId: string;
  let dir: string;
  beforeAll(async () => {
    const labeler = await createTestUser("labeler");
    admin = await createTestUser("admin");
    ({ slug, id: projectId } = await createTestProject(admin.actor));
    for (const [i, text] of ["Grüße 🧪", "two\nlines", '"three"'].entries()) {
      const promptId = await insertPrompt(projectId, [
        { role: "system", content: "S" },
        { role: "user", content: `q${i}` },
        { role: "assistant", content: null },
      ]);
      await insertResponse({ projectId, promptId, authorId: labeler.actor.id, turns: [text] });
    }
    dir = await mkdtemp(path.join(tmpdir(), "exemplar-cli-export-"));
  });

  it("writes exactly the endpoint's lines to stdout, and the progress only to stderr", async () => {
    const result = await exemplar(["export", "--project", slug, "--format", "sharegpt", "--status", "accepted"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await exportLines(admin, projectId, "format=sharegpt")).map((l) => `${l}\n`).join(""));
    expect(result.stderr).toMatch(/exported 3 rows, [\d.]+ MB, [\d.]+ MB\/s, [\d.]+ s/);
  });

  it("gzips into --out FILE.gz, takes kebab-case filters, and the file passes validate", async () => {
    const out = path.join(dir, "accepted.jsonl.gz");
    const result = await exemplar([
      "export",
      "--project",
      slug,
      "--out",
      out,
      "--min-score",
      "1",
      "--status",
      "all",
      "--limit",
      "2",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    // --min-score keeps only reviewed responses with scores, and these have none.
    expect(gunzipSync(await readFile(out)).toString("utf8")).toBe("");

    const all = path.join(dir, "all.jsonl.gz");
    expect((await exemplar(["export", "--project", slug, "--out", all, "--limit", "2"])).code).toBe(0);
    expect(gunzipSync(await readFile(all)).toString("utf8")).toBe(
      (await exportLines(admin, projectId, "limit=2")).map((l) => `${l}\n`).join(""),
    );
    expect((await readdir(dir)).filter((f) => f.endsWith(".partial"))).toEqual([]);

    const checked = await exemplar(["validate", all, "--max-tokens", "16385"]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain("2 example(s), format openai");
    expect(checked.stdout).toContain("errors: none");
    expect(checked.stdout).toMatch(/assistant tokens per example\s+\d+/);
    expect(checked.stdout).toMatch(/valid$/m);
  });

  it("fails with exit code 1 and says why: bad parameters, unknown project, invalid files", async () => {
    const bad = await exemplar(["export", "--project", slug, "--format", "csv", "--guidelines-version", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("--format");
    expect(bad.stderr).toContain("--guidelines-version");
    expect((await exemplar(["export", "--project", "no-such-project"])).stderr).toMatch(/Project not found/);

    const broken = path.join(dir, "broken.jsonl");
    await writeFile(
      broken,
      ['{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":""}]}', "[]", "{"].join("\n"),
    );
    const checked = await exemplar(["validate", broken]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("missing_content: 1 (line 1)");
    expect(checked.stdout).toContain("data_type: 1 (line 2)");
    expect(checked.stdout).toContain("invalid_json: 1 (line 3)");
    expect((await exemplar(["validate", broken, "--format", "yaml"])).stderr).toMatch(/--format must be one of/);
  });
});
