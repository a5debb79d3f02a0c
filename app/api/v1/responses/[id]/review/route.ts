import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { reviewResponse } from "@/lib/review/review-response";
import { undoReview } from "@/lib/review/undo-review";
import { ReviewInput } from "@/lib/review/schemas";

export const POST = apiRoute({ capability: "review" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, ReviewInput);
  return json(await reviewResponse(actor, params.id!, input));
});

/** Undoes the caller's decision on this response, shortly after it (docs/review.md, "Undo"). */
export const DELETE = apiRoute({ capability: "review" }, async ({ actor, params }) =>
  json(await undoReview(actor, params.id!)),
);
