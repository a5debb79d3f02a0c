import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { getRanking, rankResponses } from "@/lib/review/rank-responses";
import { RankingInput } from "@/lib/review/schemas";

/** The caller's ranking of this prompt's responses. */
export const GET = apiRoute({ capability: "review" }, async ({ actor, params }) =>
  json(await getRanking(actor, params.id!)),
);

/** `{responseIds: [...best first]}`; replaces the caller's earlier ranking of this prompt. */
export const POST = apiRoute({ capability: "review" }, async ({ request, actor, params }) => {
  const { created, ranking } = await rankResponses(actor, params.id!, await parseBody(request, RankingInput));
  return json(ranking, created ? 201 : 200);
});
