"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-user";
import { createUser, resetPassword, updateUser } from "@/lib/users/users";
import { CreateUserInput, UpdateUserInput } from "@/lib/users/schemas";
import type { ActionResult } from "@/lib/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

export async function createUserAction(
  input: CreateUserInput,
): Promise<ActionResult<{ email: string; generatedPassword: string | null }>> {
  const actor = await requireActor("admin");
  const parsed = CreateUserInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    const { user, generatedPassword } = await createUser(actor, parsed.data);
    revalidatePath("/admin/users");
    return { ok: true, data: { email: user.email, generatedPassword: generatedPassword ?? null } };
  } catch (error) {
    return failed(error);
  }
}

/** A role change or (de)activation; lib refuses to lock the acting admin out. */
export async function updateUserAction(userId: string, input: UpdateUserInput): Promise<ActionResult> {
  const actor = await requireActor("admin");
  const parsed = UpdateUserInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    await updateUser(actor, userId, parsed.data);
  } catch (error) {
    return failed(error);
  }
  revalidatePath("/admin/users");
  return { ok: true, data: null };
}

/** A new generated password, answered once; the page has nothing to refresh (the row looks the same). */
export async function resetPasswordAction(userId: string): Promise<ActionResult<{ password: string }>> {
  const actor = await requireActor("admin");
  try {
    const { password } = await resetPassword(actor, userId);
    return { ok: true, data: { password } };
  } catch (error) {
    return failed(error);
  }
}
