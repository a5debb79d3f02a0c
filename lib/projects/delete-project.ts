import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { recordEvent } from "@/lib/audit/record-event";
import { requireProject } from "@/lib/projects/access";
import { lockProjectRow } from "@/lib/projects/sql/locks";

/**
 * Deletes a project and everything in it (prompts, tasks, responses, reviews, its export tokens).
 * A project nobody has answered yet goes at once; one with responses only when `confirm` is its
 * slug, typed: that work cannot come back. Audited with what was deleted (the event outlives the
 * project, its project id cleared).
 */
export async function deleteProject(actor: Actor, projectIdOrSlug: string, confirm?: string) {
  assertCan(actor, "admin");
  const project = await requireProject(actor, projectIdOrSlug, "admin");
  return prisma.$transaction(async (tx) => {
    // Locks the row first, so no response lands between the count and the delete unnoticed.
    await lockProjectRow(tx, project.id);
    // One after the other: a transaction is one connection, which runs one statement at a time.
    const responses = await tx.response.count({ where: { projectId: project.id } });
    const prompts = await tx.prompt.count({ where: { projectId: project.id } });
    if (responses > 0 && confirm !== project.slug) {
      throw new AppError(
        "conflict",
        `This project has ${responses} response(s): to delete them with it, confirm with the project's slug`,
        { reason: "confirmation_required", responses, slug: project.slug },
      );
    }
    await recordEvent(
      {
        actorId: actor.id,
        action: "project.delete",
        entityType: "project",
        entityId: project.id,
        projectId: null,
        before: { slug: project.slug, name: project.name, prompts, responses },
      },
      tx,
    );
    await tx.project.delete({ where: { id: project.id } });
    return { id: project.id, slug: project.slug, deleted: { prompts, responses } };
  });
}
