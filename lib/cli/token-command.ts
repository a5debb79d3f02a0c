import { prisma } from "@/lib/db";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { TOKEN_SCOPES, type TokenScope } from "@/lib/api-tokens/schemas";
import { findUserByEmail } from "@/lib/users/users";
import { required } from "@/lib/cli/args";

/**
 * `token:create --email E [--name NAME] [--project SLUG --scope export]`: the token alone on the
 * last line of stdout (so scripts can `| tail -n1`), everything else on stderr.
 */
export async function tokenCommand(flags: Record<string, string>): Promise<number> {
  const email = required(flags, "email");
  const user = await findUserByEmail(email);
  if (!user) throw new Error(`no user with the email ${email}`);
  if (!user.active) throw new Error(`${email} is deactivated`);
  const scope = flags.scope;
  if (scope !== undefined && !TOKEN_SCOPES.includes(scope as TokenScope)) {
    throw new Error(`--scope must be one of ${TOKEN_SCOPES.join(", ")}`);
  }
  if ((flags.project === undefined) !== (scope === undefined)) throw new Error("--project and --scope go together");
  const project = flags.project ? await prisma.project.findUnique({ where: { slug: flags.project } }) : null;
  if (flags.project && !project) throw new Error(`no project with the slug ${flags.project}`);
  if (project && user.role !== "admin") throw new Error("only an admin's token can be scoped to a project");
  const { secret } = await createApiToken({
    userId: user.id,
    name: flags.name && flags.name !== "true" ? flags.name : "cli",
    projectId: project?.id,
    scope: scope as TokenScope | undefined,
  });
  const what = project ? `${scope} of project ${project.slug} only` : `acting as ${user.role}`;
  console.error(`token for ${user.email} (${what}); it is shown only now:`);
  console.log(secret);
  return 0;
}
