import { apiRoute, json } from "@/lib/api/handler";
import { getPromptDetail } from "@/lib/search/prompt-detail";

/** The prompt with its messages, every response (revisions and reviews inside) and the rankings. */
export const GET = apiRoute({ capability: "review" }, async ({ actor, params }) =>
  json(await getPromptDetail(actor, params.id!)),
);
