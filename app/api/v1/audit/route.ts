import { apiRoute, json } from "@/lib/api/handler";
import { listAuditEvents } from "@/lib/audit/list-events";
import { ListAuditQuery } from "@/lib/audit/schemas";
import { parseQuery } from "@/lib/query-params";

/** Filters: action, actorId, projectId, since, until; `cursor` from nextCursor. */
export const GET = apiRoute({ capability: "admin" }, async ({ request, actor }) => {
  return json(await listAuditEvents(actor, parseQuery(ListAuditQuery, new URL(request.url).searchParams)));
});
