"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-user";
import { createTokenForActor, revokeApiToken } from "@/lib/api-tokens/api-tokens";
import { CreateTokenInput } from "@/lib/api-tokens/schemas";
import type { ActionResult } from "@/lib/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

/** A token for the signed-in user (admins may scope it to one project); the secret is in this answer only. */
type Created = { name: string; secret: string; scope: string | null; projectName: string | null };

export async function createTokenAction(input: CreateTokenInput): Promise<ActionResult<Created>> {
  const actor = await requireActor();
  const parsed = CreateTokenInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  try {
    const { secret, token } = await createTokenForActor(actor, parsed.data);
    revalidatePath("/tokens");
    return {
      ok: true,
      data: { name: token.name, secret, scope: token.scope, projectName: token.project?.name ?? null },
    };
  } catch (error) {
    return failed(error);
  }
}

export async function revokeTokenAction(tokenId: string): Promise<ActionResult> {
  const actor = await requireActor();
  try {
    await revokeApiToken(actor, tokenId);
  } catch (error) {
    return failed(error);
  }
  revalidatePath("/tokens");
  return { ok: true, data: null };
}
