import { apiRoute, json } from "@/lib/api/handler";
import { listAuditEvents } from "@/lib/audit/list-events";

/** Filters: action, actorId, projectId, since, until; `cursor` from nextCursor. */
export const GET = apiRoute({ capability: "admin" }, async ({ request, actor }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listAuditEvents(actor, query));
});
