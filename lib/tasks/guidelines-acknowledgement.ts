import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/projects";
import type { AcknowledgeGuidelinesInput } from "@/lib/tasks/schemas";
import { guidelinesDiff, type DiffPart } from "@/lib/tasks/guidelines-diff";
import { acknowledgeRow } from "@/lib/tasks/sql/guidelines-acknowledgements";

/**
 * Where the labeler stands with the guidelines of the version a task is written under
 * (docs/workspace.md): `first` (never confirmed any version in this project: the panel opens,
 * nothing blocks), `changed` (confirmed an older version: the editor waits for "I have read the
 * changes", with the diff), or null (up to date).
 */
export type GuidelinesChange =
  | { kind: "first"; version: number }
  | { kind: "changed"; from: number; to: number; diff: DiffPart[] };

/**
 * What the writing screen says about the guidelines, from what the task view's query read: the version
 * the labeler last confirmed (null: never) and that version's text (needed only when it is older).
 */
export function guidelinesChangeFrom(
  current: { version: number; markdown: string } | null,
  readVersion: number | null,
  readMarkdown: string | null,
): GuidelinesChange | null {
  if (!current) return null;
  if (readVersion === null) return { kind: "first", version: current.version };
  if (readVersion >= current.version) return null;
  return {
    kind: "changed",
    from: readVersion,
    to: current.version,
    diff: guidelinesDiff(readMarkdown ?? "", current.markdown),
  };
}

/** "I have read the changes": records the version; never moves back to an older one. */
export async function acknowledgeGuidelines(actor: Actor, projectIdOrSlug: string, input: AcknowledgeGuidelinesInput) {
  assertCan(actor, "label");
  const project = await getProject(actor, projectIdOrSlug, "label");
  const exists = await prisma.guidelinesVersion.count({
    where: { projectId: project.id, version: input.version },
  });
  if (!exists) throw notFound("Guidelines version");
  const row = await acknowledgeRow(actor.id, project.id, input.version);
  return { projectId: project.id, version: row.version, acknowledgedAt: row.acknowledged_at };
}
