import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ProjectAccess, ProjectRole, ProjectStatus, Role } from "@/generated/prisma/enums";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { can, type Actor, type Requester } from "@/lib/auth/permissions";
import { isUuid, projectKey } from "@/lib/ids";
import { projectAccessRowOf, type ProjectAccessRow } from "@/lib/projects/sql/project-access";

/**
 * The one place that decides who may see, label, review or run a project (docs/glossary.md
 * "project access", docs/decisions/009-project-membership.md):
 *
 * - admins see and do everything, member or not;
 * - in an `everyone` project the user's own role decides, as before membership existed;
 * - in a `members` project only its members see it; a member labels, and a `reviewer` member also
 *   reviews, but never beyond their own role (a labeler made a project reviewer still only labels).
 *
 * Whoever may not see a project gets "not found" for it and for everything in it, and lists leave it out.
 * On top of who, the project's status decides what may change: an archived project is read-only,
 * a paused one hands out no new work.
 */
export type ProjectCapability = "see" | "label" | "review" | "admin";

/** What the caller means to do: read; `write` (save, submit, review, change); `claim` new work. */
export type ProjectIntent = "read" | "write" | "claim";

export type ProjectCapabilities = Record<ProjectCapability, boolean>;

/** The rule, for one user in one project. */
export function projectCapabilities(
  role: Role,
  access: ProjectAccess,
  memberRole: ProjectRole | null,
): ProjectCapabilities {
  if (role === "admin") return { see: true, label: true, review: true, admin: true };
  const everyone = access === "everyone";
  const see = everyone || memberRole !== null;
  return {
    see,
    label: see && can({ role }, "label"),
    review: can({ role }, "review") && (everyone || memberRole === "reviewer"),
    admin: false,
  };
}

/**
 * The same rule as a condition on a `projects` row (`alias`), for queries that list or count across
 * projects: the projects the actor may see, or may review. Keep prisma/functions/access.sql in step
 * with projectCapabilities (the membership tests exercise both).
 */
export function projectFilterSql(actor: Pick<Actor, "id" | "role">, need: "see" | "review", alias = "p"): Prisma.Sql {
  if (actor.role === "admin") return Prisma.sql`TRUE`;
  if (need === "review" && !can(actor, "review")) return Prisma.sql`FALSE`;
  const p = Prisma.raw(alias);
  // The rule itself is the SQL function (prisma/functions/access.sql), shared with the autosave.
  return Prisma.sql`exemplar_sees_project(${p}.id, ${p}.access::text, ${actor.id}::uuid, ${need === "review"})`;
}

/** The same condition for Prisma queries on projects. */
export function projectFilterWhere(
  actor: Pick<Actor, "id" | "role">,
  need: "see" | "review",
): Prisma.ProjectWhereInput {
  if (actor.role === "admin") return {};
  if (need === "review" && !can(actor, "review")) return { id: { in: [] } };
  return {
    OR: [
      { access: "everyone" },
      { members: { some: { userId: actor.id, ...(need === "review" ? { role: "reviewer" as const } : {}) } } },
    ],
  };
}

/** Lists leave archived projects out unless asked (`?status=archived` or `all`). */
export type ProjectStatusFilter = ProjectStatus | "all" | undefined;

export function projectStatusSql(filter: ProjectStatusFilter, alias = "p"): Prisma.Sql {
  const p = Prisma.raw(alias);
  if (filter === "all") return Prisma.sql`TRUE`;
  if (filter) return Prisma.sql`${p}.status = ${filter}::"ProjectStatus"`;
  return Prisma.sql`${p}.status <> 'archived'`;
}

export type ProjectAccessView = {
  id: string;
  slug: string;
  name: string;
  access: ProjectAccess;
  status: ProjectStatus;
  /** The actor's role as a member, null when they are not one. */
  memberRole: ProjectRole | null;
  can: ProjectCapabilities;
};

/**
 * The project by id or slug when the requester may `need` on it with `intent`: else 404 for a
 * project they may not see (a wrong id and a hidden project answer the same), 403 for one they
 * see but may not do this in, 409 when its status forbids it. `"system"` (the command line) sees
 * every project; the status still applies.
 */
export async function requireProject(
  requester: Requester,
  projectIdOrSlug: string,
  need: ProjectCapability = "see",
  intent: ProjectIntent = "read",
): Promise<ProjectAccessView> {
  const key = projectKey(projectIdOrSlug);
  const row = await projectAccessRowOf(
    "id" in key ? "project" : "slug",
    "id" in key ? key.id : key.slug,
    requester === "system" ? null : requester.id,
  );
  return decideProjectAccess(requester, row, need, intent, "Project");
}

/**
 * The project of a task, response or prompt, with the same answers as requireProject; the 404
 * names the thing asked for. The ownership of the thing itself stays with its own query.
 */
export async function requireProjectOf(
  requester: Requester,
  thing: { task: string } | { response: string } | { prompt: string },
  need: ProjectCapability = "see",
  intent: ProjectIntent = "read",
): Promise<ProjectAccessView> {
  const [kind, what, id] =
    "task" in thing
      ? (["task", "Task", thing.task] as const)
      : "response" in thing
        ? (["response", "Response", thing.response] as const)
        : (["prompt", "Prompt", thing.prompt] as const);
  if (!isUuid(id)) throw notFound(what);
  const row = await projectAccessRowOf(kind, id, requester === "system" ? null : requester.id);
  return decideProjectAccess(requester, row, need, intent, what);
}

/**
 * requireProjectOf's answers for a row the caller read itself (the project and the requester's membership, the
 * columns of ProjectAccessRow), as part of a statement that reads more: a hot path's one round trip
 * (lib/assistant/sql/suggestions.ts). `undefined`: no such thing, 404.
 */
export function decideProjectAccess(
  requester: Requester,
  row: ProjectAccessRow | undefined,
  need: ProjectCapability,
  intent: ProjectIntent,
  what: string,
): ProjectAccessView {
  if (!row) throw notFound(what);
  const memberRole = row.member_role;
  const capabilities =
    requester === "system"
      ? projectCapabilities("admin", row.access, memberRole)
      : projectCapabilities(requester.role, row.access, memberRole);
  if (!capabilities.see) throw notFound(what);
  if (!capabilities[need]) {
    throw need === "review" && requester !== "system" && can(requester, "review")
      ? forbidden("You label in this project; reviewing it needs the reviewer role in the project")
      : forbidden(`This needs the ${need === "label" ? "labeler" : need === "review" ? "reviewer" : need} role`);
  }
  assertStatusAllows(row, intent);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    access: row.access,
    status: row.status,
    memberRole,
    can: capabilities,
  };
}

/** 409 when the project's status forbids the intent: archived is read-only, paused hands out no new work. */
export function assertStatusAllows(project: { status: ProjectStatus }, intent: ProjectIntent): void {
  if (intent === "read") return;
  if (project.status === "archived") {
    throw new AppError("conflict", "This project is archived: it is read-only", { reason: "project_archived" });
  }
  if (project.status === "paused" && intent === "claim") {
    throw new AppError("conflict", "This project is paused: no new work is handed out until it resumes", {
      reason: "project_paused",
    });
  }
}
