import { readFile } from "node:fs/promises";
import path from "node:path";
import { prisma } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { createProject } from "@/lib/projects/projects";
import { importPrompts } from "@/lib/import/import-prompts";
import { createUserAccount } from "@/lib/users/users";
import { AddMemberInput, CreateProjectInput } from "@/lib/projects/schemas";
import { addMember } from "@/lib/projects/members";
import { CreateUserInput } from "@/lib/users/schemas";

const DEMO_DIR = path.join(process.cwd(), "prisma", "demo");

const ACCOUNTS = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin" },
  { email: "reviewer@example.com", name: "Rui Reviewer", role: "reviewer" },
  { email: "labeler1@example.com", name: "Lena Labeler", role: "labeler" },
  { email: "labeler2@example.com", name: "Luis Labeler", role: "labeler" },
] as const;

/**
 * Demo accounts, a demo project with guidelines and the prompts in prisma/demo. Idempotent:
 * existing accounts keep their passwords (which are printed only when created), and prompts
 * already imported are skipped by their ids.
 */
export async function seedDemo(log: (line: string) => void): Promise<void> {
  let admin: Actor | undefined;
  const created: string[] = [];
  for (const account of ACCOUNTS) {
    let user = await prisma.user.findUnique({ where: { email: account.email } });
    if (!user) {
      const result = await createUserAccount(CreateUserInput.parse({ ...account, password: "" }));
      created.push(`  ${account.role.padEnd(9)} ${account.email.padEnd(24)} ${result.generatedPassword}`);
      user = await prisma.user.findUniqueOrThrow({ where: { email: account.email } });
    }
    if (account.role === "admin") admin = { ...user, via: "session" };
  }
  if (!admin) throw new Error("demo admin missing");

  let project = await prisma.project.findUnique({ where: { slug: "demo" }, select: { id: true } });
  if (!project) {
    const input = CreateProjectInput.parse({
      name: "Demo: helpful assistant",
      slug: "demo",
      description: "Everyday questions, system prompts and multi-turn conversations to try Exemplar with.",
      guidelines: await readFile(path.join(DEMO_DIR, "guidelines.md"), "utf8"),
      responsesPerPrompt: 2,
    });
    project = await createProject(admin, input);
    // A members-only project, as new projects are: the demo's reviewer and labelers are its members.
    for (const account of ACCOUNTS) {
      if (account.role === "admin") continue;
      const role = account.role === "reviewer" ? "reviewer" : "labeler";
      await addMember(admin, project.id, AddMemberInput.parse({ email: account.email, role }));
    }
  }
  const result = await importPrompts(admin, project.id, await readFile(path.join(DEMO_DIR, "prompts.jsonl"), "utf8"));
  log(`demo project "demo": ${result.imported} prompt(s) imported, ${result.skipped} already there`);
  if (created.length) {
    log("demo accounts (passwords are shown only now; keep them):");
    for (const line of created) log(line);
  } else {
    log("demo accounts exist already; their passwords were printed when they were created");
  }
}
