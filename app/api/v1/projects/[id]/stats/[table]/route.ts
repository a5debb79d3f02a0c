import { apiRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { projectAnalyticsCsv } from "@/lib/analytics/project-analytics";
import { isCsvTable } from "@/lib/analytics/analytics-csv";

// `/stats/labelers.csv` and the like: one table of the analytics page as a CSV download.
export const GET = apiRoute({ capability: "admin" }, async ({ actor, params }) => {
  const table = /^(\w+)\.csv$/.exec(params.table ?? "")?.[1] ?? "";
  if (!isCsvTable(table)) throw notFound("Table");
  const { filename, csv } = await projectAnalyticsCsv(actor, params.id!, table);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
