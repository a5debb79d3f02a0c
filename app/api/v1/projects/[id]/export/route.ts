import { apiRoute } from "@/lib/api/handler";
import { exportJsonl } from "@/lib/export/export-jsonl";
import { withExportSlot } from "@/lib/export/export-slots";

// A project-scoped export token reaches this route, and only for its own project (lib/api/handler.ts).
//
// Compression: Next's server drops any Content-Encoding a route handler sets, but gzips a response
// itself when the client accepts gzip and the Content-Type is "compressible" by the `compressible`
// package's rules (`text/*`, `*+json`, or flagged in mime-db, where `application/x-ndjson` is not).
// So the export is served as `text/x-ndjson` and Next's own streaming gzip does the work
// (docs/decisions/004-export-compression.md).
const EXPORT_CONTENT_TYPE = "text/x-ndjson; charset=utf-8";

// At most EXEMPLAR_MAX_CONCURRENT_EXPORTS at once per instance (429 with Retry-After beyond), and a client that
// stops reading for EXEMPLAR_EXPORT_IDLE_TIMEOUT_SECONDS loses the stream and its connection (lib/export/export-slots.ts).
export const GET = apiRoute({ capability: "admin", scoped: "export" }, async ({ request, actor, params }) => {
  const { body, filename } = await withExportSlot(() =>
    exportJsonl(actor, params.id!, new URL(request.url).searchParams),
  );
  return new Response(body, {
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      Vary: "Accept-Encoding",
    },
  });
});
