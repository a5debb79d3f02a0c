import { apiRoute, json } from "@/lib/api/handler";
import { previewExport } from "@/lib/export/preview";

// The same parameters and callers as the export itself (a project-scoped export token for its own
// project too), answered as JSON: how many lines, the first few, and why none when there are none.
export const GET = apiRoute({ capability: "admin", scoped: "export" }, async ({ request, actor, params }) =>
  json(await previewExport(actor, params.id!, new URL(request.url).searchParams)),
);
