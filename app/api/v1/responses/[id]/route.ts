import { apiRoute, json } from "@/lib/api/handler";
import { getResponseDetail } from "@/lib/review/responses";

export const GET = apiRoute({ capability: "review" }, async ({ actor, params }) =>
  json(await getResponseDetail(actor, params.id!)),
);
