import { apiRoute, json } from "@/lib/api/handler";
import { streamBody } from "@/lib/api/body";
import { env } from "@/lib/env";
import { importPromptStream } from "@/lib/import/import-prompts";
import { withImportSlot } from "@/lib/import/import-slots";
import { getProject } from "@/lib/projects/projects";

/**
 * Body: JSONL, one prompt a line (docs/api.md lists the accepted shapes), read as it arrives. Past
 * EXEMPLAR_MAX_CONCURRENT_IMPORTS running imports: 429 with Retry-After, before anything is read.
 */
export const POST = apiRoute({ capability: "admin" }, async ({ request, actor, params }) =>
  withImportSlot(async () => {
    // Check the project exists before reading a large body.
    const project = await getProject(actor, params.id!);
    const body = streamBody(request, env().EXEMPLAR_MAX_IMPORT_BYTES);
    return json(await importPromptStream(actor, project.id, body));
  }),
);
