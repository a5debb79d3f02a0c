"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/current-user";
import { addMember, removeMember } from "@/lib/projects/members";
import { updateProject } from "@/lib/projects/projects";
import { deleteProject } from "@/lib/projects/delete-project";
import { AddMemberInput, ProjectAccessInput, ProjectStatusInput } from "@/lib/projects/schemas";
import type { ActionResult } from "@/lib/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

// Who may see a project changes every list: the admin's, the labelers' home and the review home.
function refresh() {
  revalidatePath("/admin/projects", "layout");
  revalidatePath("/review", "layout");
  revalidatePath("/");
}

/** Adds the member, or sets the role of one already there (the same call: adding is idempotent). */
export async function saveMemberAction(
  projectId: string,
  input: { email: string; role: string },
): Promise<ActionResult<{ created: boolean; name: string }>> {
  const actor = await requireActor("admin");
  const parsed = AddMemberInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    const { created, member } = await addMember(actor, projectId, parsed.data);
    refresh();
    return { ok: true, data: { created, name: member.name } };
  } catch (error) {
    return failed(error);
  }
}

export async function removeMemberAction(
  projectId: string,
  userId: string,
): Promise<ActionResult<{ releasedTasks: number }>> {
  const actor = await requireActor("admin");
  try {
    const { releasedTasks } = await removeMember(actor, projectId, userId);
    refresh();
    return { ok: true, data: { releasedTasks } };
  } catch (error) {
    return failed(error);
  }
}

/** Members only, or everyone by their role; and active, paused or archived. */
export async function setProjectLifecycleAction(
  projectId: string,
  input: { access?: string; status?: string },
): Promise<ActionResult> {
  const actor = await requireActor("admin");
  const access = input.access === undefined ? undefined : ProjectAccessInput.safeParse(input.access);
  const status = input.status === undefined ? undefined : ProjectStatusInput.safeParse(input.status);
  if (access?.success === false) return { ok: false, ...fromIssues(access.error.issues) };
  if (status?.success === false) return { ok: false, ...fromIssues(status.error.issues) };
  try {
    await updateProject(actor, projectId, {
      ...(access ? { access: access.data } : {}),
      ...(status ? { status: status.data } : {}),
    });
  } catch (error) {
    return failed(error);
  }
  refresh();
  return { ok: true, data: null };
}

/**
 * Deletes the project (with its slug typed when it has responses; lib refuses otherwise) and goes
 * back to the project list, which says what was deleted.
 */
export async function deleteProjectAction(projectId: string, confirm: string | undefined): Promise<ActionResult> {
  const actor = await requireActor("admin");
  let name: string;
  try {
    const deleted = await deleteProject(actor, projectId, confirm);
    name = deleted.slug;
  } catch (error) {
    return failed(error);
  }
  refresh();
  redirect(`/admin/projects?deleted=${encodeURIComponent(name)}`);
}
