import "server-only";
import type { ProjectRole } from "@/generated/prisma/enums";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { recordEvent } from "@/lib/audit/record-event";
import { requireProject } from "@/lib/projects/access";
import type { AddMemberInput } from "@/lib/projects/schemas";
import { removeProjectMemberRow } from "@/lib/projects/sql/members";

export type ProjectMemberView = {
  userId: string;
  email: string;
  name: string;
  /** The role in this project (what it allows is capped by `userRole`, lib/projects/access.ts). */
  role: ProjectRole;
  /** The user's own role, so a screen can say when the project role cannot apply. */
  userRole: string;
  active: boolean;
};

const memberSelect = {
  role: true,
  user: { select: { id: true, email: true, name: true, role: true, active: true } },
} as const;

type MemberRow = {
  role: ProjectRole;
  user: { id: string; email: string; name: string; role: string; active: boolean };
};

function toView(row: MemberRow): ProjectMemberView {
  return {
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    userRole: row.user.role,
    active: row.user.active,
  };
}

/** A project's members, by name: admins only (the list holds everyone's email). */
export async function listMembers(actor: Actor, projectIdOrSlug: string): Promise<ProjectMemberView[]> {
  assertCan(actor, "admin");
  const project = await requireProject(actor, projectIdOrSlug, "admin");
  const rows = await prisma.projectMember.findMany({
    where: { projectId: project.id },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    select: memberSelect,
  });
  return rows.map(toView);
}

/**
 * Adds the user with this email to the project, or changes their role when they are a member
 * already (`created: false`): adding is idempotent. Audited either way, unless nothing changed.
 */
export async function addMember(
  actor: Actor,
  projectIdOrSlug: string,
  input: AddMemberInput,
): Promise<{ created: boolean; member: ProjectMemberView }> {
  assertCan(actor, "admin");
  const project = await requireProject(actor, projectIdOrSlug, "admin");
  const user = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) {
    throw new AppError("validation_error", "No account has this email", [
      { path: ["email"], message: "No account has this email: create the user first" },
    ]);
  }
  return prisma.$transaction(async (tx) => {
    const key = { projectId_userId: { projectId: project.id, userId: user.id } };
    const before = await tx.projectMember.findUnique({ where: key, select: { role: true } });
    const row = await tx.projectMember.upsert({
      where: key,
      create: { projectId: project.id, userId: user.id, role: input.role },
      update: { role: input.role },
      select: memberSelect,
    });
    if (before?.role !== input.role) {
      await recordEvent(
        {
          actorId: actor.id,
          action: before ? "project.member_update" : "project.member_add",
          entityType: "user",
          entityId: user.id,
          projectId: project.id,
          before: before ? { role: before.role } : undefined,
          after: { email: row.user.email, role: input.role },
        },
        tx,
      );
    }
    return { created: !before, member: toView(row) };
  });
}

/**
 * Removes a member. When that leaves them unable to see the project, the tasks they hold there go
 * back to the pool (their drafts kept, prisma/functions/leasing.sql exemplar_remove_member);
 * their responses stay, and stay in review and export. 404 when they are not a member.
 */
export async function removeMember(
  actor: Actor,
  projectIdOrSlug: string,
  userId: string,
): Promise<{ userId: string; releasedTasks: number }> {
  assertCan(actor, "admin");
  const project = await requireProject(actor, projectIdOrSlug, "admin");
  if (!isUuid(userId)) throw notFound("Member");
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw notFound("Member");
  return prisma.$transaction(async (tx) => {
    // Whether their tasks go back is decided in the same statement, under the locks a claim takes: the
    // project's access or the user's role read before them could change before the release.
    const released = await removeProjectMemberRow(tx, project.id, userId);
    if (released < 0) throw notFound("Member");
    await recordEvent(
      {
        actorId: actor.id,
        action: "project.member_remove",
        entityType: "user",
        entityId: userId,
        projectId: project.id,
        before: { email: user.email },
        after: { releasedTasks: released },
      },
      tx,
    );
    return { userId, releasedTasks: released };
  });
}
