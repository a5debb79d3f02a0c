import { apiRoute, json } from "@/lib/api/handler";
import { listResponses } from "@/lib/review/list-responses";
import { parseQuery } from "@/lib/query-params";
import { ListResponsesQuery } from "@/lib/review/schemas";

export const GET = apiRoute({ capability: "review" }, async ({ request, actor, params }) => {
  const query = parseQuery(ListResponsesQuery, new URL(request.url).searchParams);
  return json(await listResponses(actor, params.id!, query));
});
