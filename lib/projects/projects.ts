import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor, type Requester } from "@/lib/auth/permissions";
import { requireProject, type ProjectCapability, type ProjectIntent } from "@/lib/projects/access";
import { recordEvent } from "@/lib/audit/record-event";
import { lockProjectRow, lockProjectSettings, setResponsesPerPrompt } from "@/lib/projects/sql/locks";
import { projectRejectReasons, projectRubric } from "@/lib/review/rubric";
import {
  type CreateProjectData,
  type UpdateGuidelinesData,
  type UpdateProjectData,
  slugify,
} from "@/lib/projects/schemas";

export const projectSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  responsesPerPrompt: true,
  maxResponseTokens: true,
  leaseMinutes: true,
  tokenizer: true,
  blindReview: true,
  labelersSeeScores: true,
  secondOpinionRate: true,
  rubric: true,
  rejectReasons: true,
  labelerMetadataKeys: true,
  access: true,
  status: true,
  createdAt: true,
  updatedAt: true,
} as const;

type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;

/** A project as callers see it: the rubric and reject reasons in effect, defaults filled in. */
function toProject(row: ProjectRow) {
  return { ...row, rubric: projectRubric(row.rubric), rejectReasons: projectRejectReasons(row.rejectReasons) };
}
export type ProjectView = ReturnType<typeof toProject>;

const SETTING_KEYS = [
  "name",
  "description",
  "responsesPerPrompt",
  "maxResponseTokens",
  "leaseMinutes",
  "tokenizer",
  "blindReview",
  "labelersSeeScores",
  "secondOpinionRate",
  "rubric",
  "rejectReasons",
  "labelerMetadataKeys",
  "access",
  "status",
] as const;

/** The settings as an audit event stores them (rubric null = the default). */
function settingsOf(row: ProjectRow, keys: readonly (typeof SETTING_KEYS)[number][] = SETTING_KEYS) {
  return Object.fromEntries(keys.map((key) => [key, row[key] ?? null])) as Prisma.InputJsonObject;
}

export async function createProject(actor: Actor, data: CreateProjectData) {
  assertCan(actor, "admin");
  const slug = data.slug ?? slugify(data.name);
  if (await prisma.project.findUnique({ where: { slug }, select: { id: true } })) {
    throw new AppError("conflict", `A project with the slug "${slug}" exists; choose another slug`, { field: "slug" });
  }
  const project = await prisma.$transaction(async (tx) => {
    const created = await tx.project.create({
      data: {
        slug,
        name: data.name,
        description: data.description,
        responsesPerPrompt: data.responsesPerPrompt,
        maxResponseTokens: data.maxResponseTokens,
        leaseMinutes: data.leaseMinutes,
        blindReview: data.blindReview,
        labelersSeeScores: data.labelersSeeScores,
        secondOpinionRate: data.secondOpinionRate,
        rubric: data.rubric ?? Prisma.DbNull,
        rejectReasons: data.rejectReasons,
        labelerMetadataKeys: data.labelerMetadataKeys,
        access: data.access,
        guidelines: { create: { version: 1, markdown: data.guidelines, createdById: actor.id } },
      },
      select: projectSelect,
    });
    await recordEvent(
      {
        actorId: actor.id,
        action: "project.create",
        entityType: "project",
        entityId: created.id,
        projectId: created.id,
        after: { slug, ...settingsOf(created) },
      },
      tx,
    );
    return created;
  });
  return { ...toProject(project), guidelinesVersion: 1 };
}

/** Changes the given settings; fields left out keep their values. */
export async function updateProject(actor: Actor, projectId: string, input: UpdateProjectData) {
  assertCan(actor, "admin");
  const { rubric, ...data } = input;
  // An archived project is read-only: only its status and access may change (to bring it back).
  const lifecycleOnly = Object.keys(data).every((key) => key === "status" || key === "access") && rubric === undefined;
  const { id } = await requireProject(actor, projectId, "admin", lifecycleOnly ? "read" : "write");
  const updated = await prisma.$transaction(async (tx) => {
    // The settings lock, exclusive, before anything is read: concurrent changes queue, and no claim,
    // late submit or resume closes a prompt by the old responsesPerPrompt (prisma/functions/leasing.sql).
    await lockProjectSettings(tx, id);
    const before = await tx.project.findUniqueOrThrow({ where: { id }, select: projectSelect });
    const after = await tx.project.update({
      where: { id },
      data: { ...data, ...(rubric === undefined ? {} : { rubric: rubric ?? Prisma.DbNull }) },
      select: projectSelect,
    });
    const changed = SETTING_KEYS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    if (changed.includes("responsesPerPrompt")) {
      // Full prompts are closed to claims (prompts.open, decision 005): more responses per prompt
      // reopens them, fewer closes those already full.
      await setResponsesPerPrompt(tx, id, after.responsesPerPrompt);
    }
    if (changed.length > 0) {
      await recordEvent(
        {
          actorId: actor.id,
          action: "project.update",
          entityType: "project",
          entityId: id,
          projectId: id,
          before: settingsOf(before, changed),
          after: settingsOf(after, changed),
        },
        tx,
      );
    }
    return after;
  });
  return toProject(updated);
}

/**
 * A project with its settings, for whoever may see it (lib/projects/access.ts): 404 for anyone else;
 * `need` and `intent` as requireProject takes them.
 */
export async function getProject(
  actor: Actor,
  projectIdOrSlug: string,
  need: ProjectCapability = "see",
  intent: ProjectIntent = "read",
) {
  const { id } = await requireProject(actor, projectIdOrSlug, need, intent);
  const project = await prisma.project.findUnique({ where: { id }, select: projectSelect });
  if (!project) throw notFound("Project");
  return toProject(project);
}

/**
 * A project's id and slug, by either, for bulk work that may run as "system" (export, import): the
 * requester must be allowed `admin` on it (lib/projects/access.ts), and `write` refuses an archived one.
 */
export async function findProjectRef(
  idOrSlug: string,
  requester: Requester = "system",
  intent: ProjectIntent = "read",
): Promise<{ id: string; slug: string }> {
  const { id, slug } = await requireProject(requester, idOrSlug, "admin", intent);
  return { id, slug };
}

export async function latestGuidelines(projectId: string) {
  const latest = await prisma.guidelinesVersion.findFirst({
    where: { projectId },
    orderBy: { version: "desc" },
    select: { id: true, version: true, markdown: true, createdAt: true },
  });
  if (!latest) throw notFound("Guidelines");
  return latest;
}

export async function listGuidelinesVersions(actor: Actor, projectIdOrSlug: string) {
  const project = await getProject(actor, projectIdOrSlug);
  return prisma.guidelinesVersion.findMany({
    where: { projectId: project.id },
    orderBy: { version: "desc" },
    select: { id: true, version: true, markdown: true, createdAt: true, createdBy: { select: { name: true } } },
  });
}

/**
 * Publishes a new guidelines version; earlier ones stay, since responses point at the version
 * they were written under. Saving unchanged text publishes nothing and returns the latest.
 */
export async function updateGuidelines(actor: Actor, projectIdOrSlug: string, input: UpdateGuidelinesData) {
  assertCan(actor, "admin");
  const { markdown } = input;
  const { id: projectId } = await requireProject(actor, projectIdOrSlug, "admin", "write");
  return prisma.$transaction(async (tx) => {
    // Serialise concurrent edits of one project's guidelines so versions stay 1, 2, 3, …
    await lockProjectRow(tx, projectId);
    const latest = await tx.guidelinesVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" } });
    if (latest && latest.markdown === markdown) {
      return { created: false, version: latest.version, markdown: latest.markdown, createdAt: latest.createdAt };
    }
    const created = await tx.guidelinesVersion.create({
      data: { projectId, version: (latest?.version ?? 0) + 1, markdown, createdById: actor.id },
    });
    await recordEvent(
      {
        actorId: actor.id,
        action: "guidelines.publish",
        entityType: "guidelines_version",
        entityId: created.id,
        projectId,
        before: latest ? { version: latest.version } : undefined,
        after: { version: created.version },
      },
      tx,
    );
    return { created: true, version: created.version, markdown: created.markdown, createdAt: created.createdAt };
  });
}
