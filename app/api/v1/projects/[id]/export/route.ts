import { apiRoute } from "@/lib/api/handler";
import { exportJsonl } from "@/lib/export/export-jsonl";

// A project-scoped export token reaches this route, and only for its own project (lib/api/handler.ts).
export const GET = apiRoute({ capability: "admin", scoped: "export" }, async ({ request, actor, params }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { body, filename } = await exportJsonl(actor, params.id!, query);
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
