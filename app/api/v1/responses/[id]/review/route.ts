import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { reviewResponse } from "@/lib/review/review-response";
import { ReviewInput } from "@/lib/review/schemas";

export const POST = apiRoute({ capability: "review" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, ReviewInput);
  return json(await reviewResponse(actor, params.id!, input));
});
