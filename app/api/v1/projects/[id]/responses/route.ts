import { apiRoute, json } from "@/lib/api/handler";
import { listResponses } from "@/lib/review/list-responses";

export const GET = apiRoute({ capability: "review" }, async ({ request, actor, params }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listResponses(actor, params.id!, query));
});
