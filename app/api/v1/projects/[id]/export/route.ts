import { apiRoute } from "@/lib/api/handler";
import { exportJsonl } from "@/lib/export/export-jsonl";

export const GET = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
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
