import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import { createUserAccount } from "@/lib/users/users";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { createProject } from "@/lib/projects/projects";
import { CreateProjectInput } from "@/lib/projects/schemas";
import { CreateUserInput } from "@/lib/users/schemas";
import { importPrompts } from "@/lib/import/import-prompts";
import { apiAs } from "@/lib/testing/api-client";

/** Test data never collides: every name carries a random suffix, so files need no cleanup. */
export function uniq(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export type TestUser = { actor: Actor; token: string; api: ReturnType<typeof apiAs> };

/** Every test user's password. */
export const TEST_PASSWORD = "correct horse battery";
// Its hash, made once per test file: a real one (lib/auth/password.ts), so signing in as a test user costs what
// it costs in production, but the file's dozens of users do not each pay the hash's deliberate slowness.
let testPasswordHash: Promise<string> | undefined;

export async function createTestUser(role: Actor["role"], name = uniq(role)): Promise<TestUser> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const { user } = await createUserAccount(
    CreateUserInput.parse({ email: `${name}@example.test`, name, role, password: TEST_PASSWORD }),
    null,
    { passwordHash: testPasswordHash },
  );
  const { secret } = await createApiToken({ userId: user.id, name: "test" });
  return { actor: { ...user, via: "token" }, token: secret, api: apiAs(secret) };
}

/** Several users at once, one per role given, in that order: `[admin, labeler] = await createTestUsers("admin", "labeler")`. */
export function createTestUsers<R extends Actor["role"][]>(...roles: R): Promise<{ [K in keyof R]: TestUser }> {
  return Promise.all(roles.map((role) => createTestUser(role))) as Promise<{ [K in keyof R]: TestUser }>;
}

export async function createTestProject(admin: Actor, overrides: Partial<CreateProjectInput> = {}) {
  const input = CreateProjectInput.parse({
    name: uniq("project"),
    guidelines: "# Be helpful\n\nWrite well.",
    // Open to every user by role, as projects were before membership; membership tests ask for "members".
    access: "everyone",
    ...overrides,
  });
  return createProject(admin, input);
}

export function jsonl(lines: unknown[]): string {
  return `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`;
}

export async function createProjectWithPrompts(
  admin: Actor,
  prompts: unknown[],
  overrides: Partial<CreateProjectInput> = {},
) {
  const project = await createTestProject(admin, overrides);
  await importPrompts(admin, project.id, jsonl(prompts));
  return project;
}
