import { apiRoute, json } from "@/lib/api/handler";
import { streamBody } from "@/lib/api/body";
import { env } from "@/lib/env";
import { importPromptStream } from "@/lib/import/import-prompts";
import { withImportSlot } from "@/lib/import/import-slots";
import { parseQuery } from "@/lib/query-params";
import { SearchPromptsQuery } from "@/lib/search/schemas";
import { searchPrompts } from "@/lib/search/search-prompts";

/** The project's prompts, found by `q` and filtered (docs/api.md "Search"), in import order. */
export const GET = apiRoute({ capability: "review" }, async ({ request, actor, params }) =>
  json(await searchPrompts(actor, params.id!, parseQuery(SearchPromptsQuery, new URL(request.url).searchParams))),
);

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
