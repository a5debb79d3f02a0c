"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { createProject, updateGuidelines, updateProject } from "@/lib/projects/projects";
import {
  CreateProjectInput,
  ReviewSettingsInput,
  UpdateGuidelinesInput,
  UpdateProjectInput,
} from "@/lib/projects/schemas";
import type { ActionResult } from "@/lib/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

export async function createProjectAction(input: CreateProjectInput): Promise<ActionResult> {
  const actor = await requireActor("admin");
  const parsed = CreateProjectInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  let slug: string;
  try {
    slug = (await createProject(actor, parsed.data)).slug;
  } catch (error) {
    return failed(error);
  }
  revalidatePath("/admin/projects");
  revalidatePath("/review");
  redirect(`/admin/projects/${slug}?created=1`);
}

/** Both settings forms save through updateProject; only the schema of their fields differs. */
async function saveProjectSettings(
  projectId: string,
  parsed: ReturnType<typeof UpdateProjectInput.safeParse> | ReturnType<typeof ReviewSettingsInput.safeParse>,
): Promise<ActionResult> {
  const actor = await requireActor("admin");
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    await updateProject(actor, projectId, parsed.data);
  } catch (error) {
    return failed(error);
  }
  revalidatePath("/admin/projects", "layout");
  revalidatePath("/review", "layout");
  return { ok: true, data: null };
}

export async function updateProjectAction(projectId: string, input: UpdateProjectInput): Promise<ActionResult> {
  return saveProjectSettings(projectId, UpdateProjectInput.safeParse(input));
}

export async function publishGuidelinesAction(
  projectId: string,
  input: UpdateGuidelinesInput,
): Promise<ActionResult<{ created: boolean; version: number }>> {
  const actor = await requireActor("admin");
  const parsed = UpdateGuidelinesInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    const { created, version } = await updateGuidelines(actor, projectId, parsed.data);
    revalidatePath("/admin/projects", "layout");
    return { ok: true, data: { created, version } };
  } catch (error) {
    return failed(error);
  }
}

export async function updateReviewSettingsAction(projectId: string, input: ReviewSettingsInput): Promise<ActionResult> {
  return saveProjectSettings(projectId, ReviewSettingsInput.safeParse(input));
}
