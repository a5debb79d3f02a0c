import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { countSlots } from "@/lib/conversation/types";
import { getProject } from "@/lib/projects/projects";
import { parsePromptsJsonl } from "@/lib/import/parse-prompts-jsonl";

export type ImportResult = { imported: number; skipped: number; errors: [] };

const INSERT_BATCH = 1000;

/**
 * Imports a JSONL file of prompts, all or nothing: any bad line rejects the whole file with
 * every bad line named (422), and the rows go in inside one transaction. Prompts whose
 * external id the project already has are skipped, so re-importing a file is harmless.
 */
export async function importPrompts(actor: Actor, projectIdOrSlug: string, text: string): Promise<ImportResult> {
  assertCan(actor, "admin");
  const project = await getProject(actor, projectIdOrSlug);
  const { prompts, errors } = parsePromptsJsonl(text);
  if (errors.length > 0) {
    const noun = errors.length === 1 ? "line is" : "lines are";
    throw new AppError("invalid_import", `${errors.length} ${noun} invalid; nothing was imported`, errors);
  }
  if (prompts.length === 0) {
    throw new AppError("invalid_import", "The file has no prompts; nothing was imported", []);
  }
  const imported = await prisma.$transaction(
    async (tx) => {
      let count = 0;
      for (let i = 0; i < prompts.length; i += INSERT_BATCH) {
        const batch = prompts.slice(i, i + INSERT_BATCH);
        const result = await tx.prompt.createMany({
          data: batch.map((p) => ({
            projectId: project.id,
            externalId: p.externalId,
            messages: p.messages,
            slotCount: countSlots(p.messages),
            metadata: p.metadata as object,
          })),
          skipDuplicates: true,
        });
        count += result.count;
      }
      return count;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  return { imported, skipped: prompts.length - imported, errors: [] };
}
