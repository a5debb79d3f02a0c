import "server-only";
import type { Prisma } from "@/generated/prisma/client";

/**
 * The project's settings lock, exclusive, until the transaction ends (exemplar_lock_project_settings,
 * prisma/functions/leasing.sql): concurrent changes queue, and no claim, late submit or resume closes a
 * prompt by the old responsesPerPrompt meanwhile.
 */
export async function lockProjectSettings(tx: Prisma.TransactionClient, projectId: string): Promise<void> {
  await tx.$executeRaw`SELECT exemplar_lock_project_settings(${projectId}::uuid)`;
}

/**
 * A new responsesPerPrompt, through its leasing function: full prompts are closed to claims
 * (prompts.open, decision 005), so more responses per prompt reopens them and fewer closes those already full.
 */
export async function setResponsesPerPrompt(
  tx: Prisma.TransactionClient,
  projectId: string,
  perPrompt: number,
): Promise<void> {
  await tx.$executeRaw`SELECT exemplar_set_responses_per_prompt(${projectId}::uuid, ${perPrompt}::int)`;
}

/** The project's row, locked until the transaction ends: serialises changes to one project (its guidelines, its deletion). */
export async function lockProjectRow(tx: Prisma.TransactionClient, projectId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;
}
