"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-user";
import { createApiToken, revokeApiToken } from "@/lib/tokens/api-tokens";
import { CreateTokenInput } from "@/lib/tokens/schemas";
import type { ActionResult } from "@/components/forms/action-result";
import { failed, fromIssues } from "@/lib/forms/action-errors";

const DAY_MS = 86_400_000;

/** A personal token for the signed-in user; the secret is in this answer only. */
export async function createTokenAction(input: CreateTokenInput): Promise<ActionResult<{ name: string; secret: string }>> {
  const actor = await requireActor();
  const parsed = CreateTokenInput.safeParse(input);
  if (!parsed.success) return { ok: false, ...fromIssues(parsed.error.issues) };
  const { name, expiresInDays } = parsed.data;
  try {
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * DAY_MS) : null;
    const { secret, token } = await createApiToken(actor.id, name, expiresAt);
    revalidatePath("/tokens");
    return { ok: true, data: { name: token.name, secret } };
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
