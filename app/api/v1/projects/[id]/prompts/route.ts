import { apiRoute, json } from "@/lib/api/handler";
import { streamBody } from "@/lib/api/body";
import { env } from "@/lib/env";
import { importPromptStream } from "@/lib/import/import-prompts";
import { withImportSlot } from "@/lib/import/import-slots";

/**
 * Body: JSONL, one prompt a line (docs/api.md lists the accepted shapes), read as it arrives. Past
 * EXEMPLAR_MAX_CONCURRENT_IMPORTS running imports: 429 with Retry-After, before anything is read.
 */
export const POST = apiRoute({ capability: "admin", body: "jsonl" }, async ({ request, actor, params }) =>
  // The import looks the project up (404) before it reads any of the body.
  withImportSlot(async () =>
    json(await importPromptStream(actor, params.id!, streamBody(request, env().EXEMPLAR_MAX_IMPORT_BYTES))),
  ),
);
