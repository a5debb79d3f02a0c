import { apiRoute } from "@/lib/api/handler";
import { exportJsonl } from "@/lib/export/export-jsonl";

// A project-scoped export token reaches this route, and only for its own project (lib/api/handler.ts).
// No gzip here: Next 16's server drops a route handler's Content-Encoding header, so a gzipped
// body would reach clients unlabelled (seen with `next start`). Compress in the reverse proxy, or
// use the CLI's `export --out FILE.gz`. docs/formats.md.
export const GET = apiRoute({ capability: "admin", scoped: "export" }, async ({ request, actor, params }) => {
  const { body, filename } = await exportJsonl(actor, params.id!, new URL(request.url).searchParams);
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
