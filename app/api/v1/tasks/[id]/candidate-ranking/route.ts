import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { CandidateRankingInput } from "@/lib/assistant/schemas";
import { latestCandidates, rankCandidates } from "@/lib/assistant/candidate-ranking";

/** Compare mode: the task's latest candidates and the labeler's ranking of them (`candidates: []` when none). */
export const GET = apiRoute({ capability: "label" }, async ({ actor, params }) =>
  json((await latestCandidates(actor, params.id!)) ?? { turn: null, batchId: null, candidates: [], ranking: null }),
);

/** `{suggestionIds: [...best first], ranks?, displayOrder}`; replaces the task's earlier ranking of that turn. */
export const PUT = apiRoute({ capability: "label" }, async ({ request, actor, params }) =>
  json(
    await rankCandidates(
      actor,
      params.id!,
      await parseBody(request, CandidateRankingInput, { message: "The candidate ranking is not valid" }),
    ),
  ),
);
