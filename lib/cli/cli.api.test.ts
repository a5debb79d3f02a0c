import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { callApi } from "@/lib/testing/api-client";
import { uniq } from "@/lib/testing/factories";
import { verifyPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db";

const run = promisify(execFile);

/** Runs `npm run exemplar -- …` as a user would, against the test database. */
async function exemplar(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "exemplar", "--", ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each `npm run` starts Node and tsx (seconds on a busy 2-core machine): generous timeouts.
describe("npm run exemplar", { timeout: 120_000 }, () => {
  it("creates a user with the password from EXEMPLAR_PASSWORD, and refuses the same email twice", async () => {
    const email = `${uniq("cli")}@example.test`;
    const created = await exemplar(["user:create", "--email", email, "--name", "Cli User", "--role", "reviewer"], {
      EXEMPLAR_PASSWORD: "a long enough password",
    });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`created reviewer ${email}`);
    expect(created.stdout).not.toContain("password:");
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword("a long enough password", user.passwordHash)).toBe(true);

    const again = await exemplar(["user:create", "--email", email, "--name", "Again", "--role", "labeler"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists/);
  });

  it("generates and prints a password when none is given", async () => {
    const email = `${uniq("cli")}@example.test`;
    const env = { ...process.env } as Record<string, string>;
    delete env.EXEMPLAR_PASSWORD;
    const created = await exemplar(["user:create", "--email", email, "--name", "Gen", "--role", "labeler"], env);
    const password = /password: (\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeTruthy();
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword(password!, user.passwordHash)).toBe(true);
  });

  it("prints a working token alone on the last line of stdout", async () => {
    const email = `${uniq("cli")}@example.test`;
    await exemplar(["user:create", "--email", email, "--name", "Tok", "--role", "admin"], {
      EXEMPLAR_PASSWORD: "a long enough password",
    });
    const result = await exemplar(["token:create", "--email", email, "--name", "pipeline"]);
    expect(result.code).toBe(0);
    const token = result.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^exm_[A-Za-z0-9_-]+$/);
    const me = await callApi("GET", "/api/v1/me", { token });
    expect(me.body).toMatchObject({ email, role: "admin" });
    const stored = await prisma.apiToken.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.name).toBe("pipeline");
  });

  it("creates a project-scoped export token that exports that project only", async () => {
    const email = `${uniq("cli")}@example.test`;
    await exemplar(["user:create", "--email", email, "--name", "Pipe", "--role", "admin"], {
      EXEMPLAR_PASSWORD: "a long enough password",
    });
    const admin = await prisma.user.findUniqueOrThrow({ where: { email } });
    const project = await prisma.project.create({ data: { slug: uniq("cli-proj"), name: "P" } });
    const result = await exemplar(["token:create", "--email", email, "--project", project.slug, "--scope", "export"]);
    expect(result.code).toBe(0);
    const token = result.stdout.trim().split("\n").at(-1)!;
    expect((await callApi("GET", `/api/v1/projects/${project.slug}/export`, { token })).status).toBe(200);
    expect((await callApi("GET", "/api/v1/projects", { token })).status).toBe(403);
    expect(admin.role).toBe("admin");
    expect((await exemplar(["token:create", "--email", email, "--project", project.slug])).stderr).toMatch(
      /go together/,
    );
    expect(
      (await exemplar(["token:create", "--email", email, "--project", project.slug, "--scope", "write"])).stderr,
    ).toMatch(/--scope must be/);
  });

  it("fails clearly for bad arguments and unknown commands", async () => {
    expect(
      (await exemplar(["user:create", "--email", "x@example.test", "--name", "X", "--role", "boss"])).stderr,
    ).toMatch(/--role must be one of/);
    expect((await exemplar(["token:create", "--email", "nobody@example.test"])).stderr).toMatch(/no user/);
    expect((await exemplar(["frobnicate"])).code).toBe(2);
    expect((await exemplar(["migrate"])).stdout).toMatch(/up to date/);
  });
});
