import "server-only";
import { prisma } from "@/lib/db";
import { guidelinesDiff, type DiffPart } from "@/lib/tasks/guidelines-diff";

export type GuidelinesVersionText = { version: number; markdown: string };

/**
 * The guidelines beside a review: the version the response was written under (what the author was
 * asked to follow, so what "following the guidelines" is scored against) and, when the project has
 * published a newer one since, that one and what changed. Read by a page that already showed the
 * response to the actor, so it checks nothing itself.
 */
export type ReviewGuidelines = {
  written: GuidelinesVersionText | null;
  current: GuidelinesVersionText | null;
  /** From `written` to `current`; null when they are the same version (or either is missing). */
  changes: DiffPart[] | null;
};

export async function reviewGuidelines(projectId: string, writtenVersion: number | null): Promise<ReviewGuidelines> {
  const select = { version: true, markdown: true } as const;
  const [current, written] = await Promise.all([
    prisma.guidelinesVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select }),
    writtenVersion === null
      ? null
      : prisma.guidelinesVersion.findUnique({
          where: { projectId_version: { projectId, version: writtenVersion } },
          select,
        }),
  ]);
  const differs = written && current && written.version !== current.version;
  return {
    written: written ?? null,
    current,
    changes: differs ? guidelinesDiff(written.markdown, current.markdown) : null,
  };
}
